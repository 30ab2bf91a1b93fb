"""
Where moto's CloudFormation differs from AWS in ways the deploy tests depend on, these patches
make it behave the way AWS does. Imported by the `moto_server` wrapper next to it.

1. moto skips AWS::Lambda::Alias in CloudFormation (the Lambda API itself does create aliases).
   The deploy tests need the `live` alias the template declares, so moto's CloudFormation
   creates, updates and deletes it through moto's own Lambda API backend.
2. When a resource fails to create, moto's CreateStack answers with the resource's error and
   leaves the stack in CREATE_IN_PROGRESS for good. AWS (OnFailure=ROLLBACK) accepts the
   stack, records the resource's CREATE_FAILED event with its reason, deletes what it created
   and ends in ROLLBACK_COMPLETE. The patch does the same.
3. moto creates every resource within CreateStack, so a stack is never seen in progress. A
   resource whose Metadata has "moto:holdInProgress": true stands for a slow one (a CloudFront
   distribution takes many minutes): the stack stays CREATE_IN_PROGRESS, as AWS would show it.
4. moto invokes functions in Docker, which these machines don't have. A Node function is run
   by lambda-node-runner.mjs instead: its deployed zip, its handler, its environment, the
   event, the AWS SDK of the repository standing for the one Lambda's runtime provides, and the
   SDK pointed at this moto. Its logs go to the function's log group, and the last 4 KB come
   back as the LogResult, as AWS does.
5. moto skips AWS::ApiGateway::Stage, ApiKey, UsagePlan and UsagePlanKey in CloudFormation
   (its API Gateway API has them). They are created, updated and deleted through that API, so
   a deployed stage has its API stage (pointing at the newest deployment), its key and usage
   plan, and the key's id comes out of the stack.
6. moto's hosted zone ids are 22 random characters; AWS's start with "Z" (as the settings'
   hostedZoneId expects). The patch keeps moto's id and makes its first character a Z.
7. moto's change sets list a modified resource without `Replacement` or `Details`. AWS says,
   for each Modify, whether the resource is replaced ("True" when a changed property is one
   whose "Update requires: Replacement") and which properties change (DescribeChangeSet,
   ResourceChange: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html;
   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
   The patch fills both in, for the properties the resource type reference documents as
   "Update requires: Replacement" in the resource types tsappa's templates and tests use.
8. moto's stack update leaves an AWS::Lambda::Version in place when its properties change, so
   `live` keeps serving the old version. AWS: CodeSha256, Description, FunctionName and
   RuntimePolicy are "Update requires: Replacement", and the resource "creates a version from the
   current code and configuration of a function"
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-version.html).
   On replacement CloudFormation "recreates the resource ... changes references from other
   dependent resources to point to the replacement resource, and then deletes the old resource"
   unless its UpdateReplacePolicy is Retain
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html,
   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html).
   The patch publishes a new version after the function's own update, updates the resources that
   Ref or GetAtt the replaced version (the alias's FunctionVersion), and deletes the old version
   unless it is retained. Modified resources are updated after those they reference, as
   CloudFormation orders updates by dependency.
9. moto's ExecuteChangeSet applies the change set's resources but keeps the stack's template and
   Outputs from before, so DescribeStacks shows the previous version as the one the stack
   published. AWS "updates a stack using the input information that was provided when the
   specified change set was created" (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html),
   and a stack's Outputs are its template's outputs as they resolve now
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html).
   The patch takes the change set's template and evaluates its Outputs again after applying it.
10. moto's Lambda drops a function's DeadLetterConfig, its configuration update ignores
   TracingConfig and DeadLetterConfig, and its CloudFormation AWS::Lambda::Function leaves out
   Layers, TracingConfig, DeadLetterConfig and Architectures on create (Architectures on update
   too). AWS creates and updates the function with each of these properties
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html),
   UpdateFunctionConfiguration changes tracing and the DLQ
   (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html), and
   GetFunctionConfiguration returns them, for a published version as for $LATEST
   (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html). The patch
   does the same.
11. moto's CloudFormation creates an AWS::ApiGateway::Method without its AuthorizerId and fails on
   a MOCK integration (no Uri), never updates a method (a stack update leaves its old
   authorization), and skips AWS::ApiGateway::Authorizer. AWS creates and updates a method's
   AuthorizationType, AuthorizerId, ApiKeyRequired and Integration without interruption
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html),
   creates, updates and deletes the authorizer
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-authorizer.html),
   and Ref of an AWS::ApiGateway::Deployment is the deployment id
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-deployment.html).
   The patch does the same through moto's API Gateway backend.
12. moto's stack update leaves an AWS::Logs::LogGroup as it was. AWS updates RetentionInDays and
   Tags without interruption; without RetentionInDays the logs never expire
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html).
13. moto keeps a CloudFormation function's Tags as the template's list (ListTags breaks on it) and
   its stack update ignores them; an update that drops VpcConfig leaves the function in the VPC.
   AWS tags the function with them and an update changes them, and a function without VpcConfig
   is not connected to a VPC
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html#cfn-lambda-function-tags,
   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html#cfn-lambda-function-vpcconfig).
14. moto has no drift detection. AWS "compares the current stack configuration to the one specified
   in the template" for each resource that supports it, and reports MODIFIED or DELETED resources
   with each property's expected and actual value
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html,
   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html,
   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackResourceDrift.html).
   The patch compares the template's resolved properties with the live resource for the Lambda
   function (MemorySize, Timeout, Runtime, Handler, Environment), the log group (RetentionInDays)
   and API methods (AuthorizationType, ApiKeyRequired); detection completes at once.
15. moto's stack update of an AWS::IAM::Role leaves its inline Policies, and its
   UpdateFunctionConfiguration ignores EphemeralStorage. AWS updates a role's Policies without
   interruption (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html)
   and the function's ephemeral storage
   (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html).
16. moto's CloudFormation REST API leaves out BinaryMediaTypes, Tags and Policy, keeps
   EndpointConfiguration in the template's shape (GetRestApi then has no endpoint types), and
   cannot be updated. AWS creates and updates each of these without interruption
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html).
17. moto's stack update forgets a modified resource whose type it cannot update (its Ref and
   GetAtt then resolve to nothing and the outputs naming it vanish), and a resource removed by one
   update and added back by a later one is never created again. AWS keeps the resource through
   an update, replaces it when a property that "Update requires: Replacement" changed (creating
   the new one, then deleting the old unless its UpdateReplacePolicy retains it), and creates an
   added resource (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
   The patch keeps such a resource as it was (its changed properties are not applied: moto
   cannot), replaces it on a replacement property, updates the resources that Ref or GetAtt a
   replaced one (as patch 8 does for versions), and creates a re-added resource anew.
18. moto's CloudFormation API stage (patch 5) leaves out CacheClusterEnabled and CacheClusterSize.
   AWS creates and updates the stage's cache cluster with them, without interruption
   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html).
60. moto's CloudFormation cannot delete an AWS::ApiGateway::RestApi, so a deleted stack leaves its
   API behind. AWS deletes it with the stack (DeleteStack, DeleteRestApi).
"""
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from typing import Any

from moto.apigateway.models import apigateway_backends
from moto.awslambda.models import LambdaFunction, LambdaVersion, lambda_backends
from moto.cloudformation.models import Event, Stack
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.core.common_models import CloudFormationModel


def _name(value: str) -> str:
    # a function name or ARN (possibly qualified) -> the bare name
    return value.split(":function:")[-1].split(":")[0] if ":function:" in value else value


class TsappaLambdaAlias(CloudFormationModel):
    __module__ = "moto.awslambda.tsappa_alias"  # moto derives the service from the module name

    def __init__(self, arn: str, name: str, function_name: str, version: str):
        self.arn = arn
        self.name = name
        self.function_name = function_name
        self.version = version

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::Alias"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("AliasArn",)

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        fn = _name(p["FunctionName"])
        alias = lambda_backends[account_id][region_name].create_alias(p["Name"], fn, str(p["FunctionVersion"]), p.get("Description", ""), None)
        return cls(alias.arn, p["Name"], fn, str(p["FunctionVersion"]))

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        fn = _name(p["FunctionName"])
        alias = lambda_backends[account_id][region_name].update_alias(p["Name"], fn, str(p["FunctionVersion"]), p.get("Description", ""), None)
        return cls(alias.arn, p["Name"], fn, str(p["FunctionVersion"]))

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        try:
            lambda_backends[account_id][region_name].delete_alias(p["Name"], _name(p["FunctionName"]))
        except Exception:
            pass


if not hasattr(LambdaVersion, "get_cfn_attribute") or not LambdaVersion.has_cfn_attr("Version"):
    LambdaVersion.has_cfn_attr = classmethod(lambda cls, attr: attr == "Version")  # type: ignore[method-assign]
    LambdaVersion.get_cfn_attribute = lambda self, attr: self.version  # type: ignore[method-assign]


# 2. a failed create rolls back to ROLLBACK_COMPLETE

_original_getitem = ResourceMap.__getitem__
_original_create_resources = Stack.create_resources


def _getitem_naming_the_failure(self, key):  # type: ignore[no-untyped-def]
    try:
        return _original_getitem(self, key)
    except Exception as error:
        if not hasattr(error, "tsappa_logical_id"):
            error.tsappa_logical_id = key  # type: ignore[attr-defined]
        raise


def _resource_event(stack: Stack, logical_id: str, status: str, reason: str | None) -> None:
    resource_type = stack.template_dict.get("Resources", {}).get(logical_id, {}).get("Type", "AWS::CloudFormation::Stack")
    stack.events.append(Event(stack.stack_id, stack.name, logical_id, "", resource_type, status, reason, None))


def _error_text(error: Exception) -> str:
    return str(getattr(error, "message", None) or error)


def _create_resources_with_rollback(self):  # type: ignore[no-untyped-def]
    try:
        _original_create_resources(self)
    except Exception as error:
        failed = getattr(error, "tsappa_logical_id", None) or self.name
        _resource_event(self, failed, "CREATE_FAILED", _error_text(error))
        self._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=f"The following resource(s) failed to create: [{failed}]. Rollback requested by user.")
        try:
            self.resource_map.delete()
        except Exception:
            pass
        # a rolled-back stack has no outputs (moto would create the resources again to read them)
        self.output_map = OutputMap(self.resource_map, {**self.template_dict, "Outputs": {}}, self.stack_id)
        self._add_stack_event("ROLLBACK_COMPLETE")
        self.status = "ROLLBACK_COMPLETE"
        return
    held = [name for name, resource in self.template_dict.get("Resources", {}).items() if (resource.get("Metadata") or {}).get("moto:holdInProgress")]
    if held and self.status == "CREATE_COMPLETE":
        # 3. a slow resource: still being created
        self.events = [event for event in self.events if not (event.logical_resource_id == self.name and event.resource_status == "CREATE_COMPLETE")]
        for name in held:
            _resource_event(self, name, "CREATE_IN_PROGRESS", "Resource creation Initiated")
        self.status = "CREATE_IN_PROGRESS"


ResourceMap.__getitem__ = _getitem_naming_the_failure  # type: ignore[method-assign]
Stack.create_resources = _create_resources_with_rollback  # type: ignore[method-assign]


# 4. Node functions run locally instead of in Docker

_HERE = os.path.dirname(os.path.abspath(__file__))
_RUNNER = os.path.join(_HERE, "lambda-node-runner.mjs")
_REPO_NODE_MODULES = os.path.normpath(os.path.join(_HERE, "..", "..", "..", "..", "node_modules"))
_original_invoke_lambda = LambdaFunction._invoke_lambda


def _server_endpoint() -> str:
    # this process is `moto_server -H HOST -p PORT`
    args = sys.argv
    host, port = "127.0.0.1", "5000"
    for i, arg in enumerate(args[:-1]):
        if arg in ("-H", "--host"):
            host = args[i + 1]
        elif arg in ("-p", "--port"):
            port = args[i + 1]
    return f"http://{host}:{port}"


def _invoke_with_node(self, event=None):  # type: ignore[no-untyped-def]
    if not str(self.run_time or "").startswith("nodejs") or not self.code_bytes:
        return _original_invoke_lambda(self, event)
    self.logs_backend.ensure_log_group(self.logs_group_name)
    with tempfile.TemporaryDirectory(prefix="tsappa-lambda-") as tmp:
        task = os.path.join(tmp, "task")
        zipfile.ZipFile(io.BytesIO(self.code_bytes)).extractall(task)
        os.symlink(_REPO_NODE_MODULES, os.path.join(tmp, "node_modules"))  # the runtime's SDK
        result_file = os.path.join(tmp, "result.json")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "TZ": "UTC",
            "LAMBDA_TASK_ROOT": task,
            "_HANDLER": self.handler,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{self.run_time}",
            "AWS_LAMBDA_FUNCTION_TIMEOUT": str(self.timeout),
            "AWS_LAMBDA_FUNCTION_NAME": self.function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_size),
            "AWS_LAMBDA_FUNCTION_VERSION": str(self.version),
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            **{key: str(value) for key, value in (self.environment_vars or {}).items()},
            "AWS_ENDPOINT_URL": _server_endpoint(),
        }
        node = os.environ.get("TSAPPA_TEST_NODE") or "node"
        try:
            run = subprocess.run(
                [node, _RUNNER, task, self.handler, result_file],
                input=json.dumps(event if event is not None else {}),
                capture_output=True,
                text=True,
                timeout=float(self.timeout),
                env=env,
                cwd=task,
            )
            logs = run.stdout + run.stderr
            if os.path.exists(result_file):
                with open(result_file, encoding="utf-8") as f:
                    outcome = json.load(f)
            else:
                outcome = {"ok": False, "result": {"errorType": "Runtime.ExitError", "errorMessage": f"Runtime exited with code {run.returncode}"}}
        except subprocess.TimeoutExpired as expired:
            logs = (expired.stdout or b"").decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
            message = f"Task timed out after {float(self.timeout):.2f} seconds"
            logs += message + "\n"
            outcome = {"ok": False, "result": {"errorType": "Sandbox.Timedout", "errorMessage": message}}
    self.save_logs(logs)
    return json.dumps(outcome["result"]), not outcome["ok"], logs[-4096:]


LambdaFunction._invoke_lambda = _invoke_with_node  # type: ignore[method-assign]


# 5. API keys and usage plans through moto's API Gateway backend


def _lower_keys(value: Any) -> Any:
    # CloudFormation's {"BurstLimit": 20} -> the API's {"burstLimit": 20}
    if isinstance(value, dict):
        return {key[:1].lower() + key[1:]: _lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


class _ApiGatewayModel:
    # a mixin: moto finds models among CloudFormationModel's direct subclasses

    def __init__(self, id_: str, properties: dict):  # type: ignore[type-arg]
        self.id = id_
        self.properties = properties

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @property
    def physical_resource_id(self) -> str:
        return self.id

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False


class TsappaApiKey(_ApiGatewayModel, CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_models"  # moto derives the service from the module name
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::ApiKey"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json.get("Properties", {})
        payload = {"name": p.get("Name", resource_name), "description": p.get("Description", ""), "enabled": p.get("Enabled", False)}
        if p.get("Value"):
            payload["value"] = p["Value"]
        key = apigateway_backends[account_id][region_name].create_api_key(payload)
        return cls(key.id, p)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json.get("Properties", {})
        key = apigateway_backends[account_id][region_name].get_api_key(original_resource.id)
        key.name, key.description, key.enabled = p.get("Name", key.name), p.get("Description", ""), p.get("Enabled", False)
        return cls(key.id, p)

    def delete(self, account_id: str, region_name: str) -> None:
        apigateway_backends[account_id][region_name].keys.pop(self.id, None)


class TsappaUsagePlan(_ApiGatewayModel, CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_models"  # moto derives the service from the module name
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::UsagePlan"

    @staticmethod
    def _payload(p: dict, resource_name: str) -> dict:  # type: ignore[type-arg]
        return {
            "name": p.get("UsagePlanName", resource_name),
            "description": p.get("Description", ""),
            "apiStages": _lower_keys(p.get("ApiStages", [])),
            "throttle": _lower_keys(p.get("Throttle", {})),
            "quota": _lower_keys(p.get("Quota", {})),
        }

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json.get("Properties", {})
        plan = apigateway_backends[account_id][region_name].create_usage_plan(cls._payload(p, resource_name))
        return cls(plan.id, p)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json.get("Properties", {})
        plan = apigateway_backends[account_id][region_name].get_usage_plan(original_resource.id)
        payload = cls._payload(p, new_resource_name)
        plan.name, plan.description, plan.api_stages, plan.throttle, plan.quota = payload["name"], payload["description"], payload["apiStages"], payload["throttle"], payload["quota"]
        return cls(plan.id, p)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = apigateway_backends[account_id][region_name]
        backend.usage_plans.pop(self.id, None)
        backend.usage_plan_keys.pop(self.id, None)


class TsappaUsagePlanKey(_ApiGatewayModel, CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_models"  # moto derives the service from the module name
    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::UsagePlanKey"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        key = apigateway_backends[account_id][region_name].create_usage_plan_key(p["UsagePlanId"], {"keyId": p["KeyId"], "keyType": p.get("KeyType", "API_KEY")})
        return cls(f"{p['UsagePlanId']}:{key.id}", p)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        original_resource.delete(account_id, region_name)  # every property replaces it
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        plan_id, key_id = self.id.split(":", 1)
        apigateway_backends[account_id][region_name].usage_plan_keys.get(plan_id, {}).pop(key_id, None)


def _id_of(value: Any) -> str:
    # moto resolves a Ref to a Deployment to the object itself
    return str(getattr(value, "id", value))


class TsappaApiStage(_ApiGatewayModel, CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_models"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::Stage"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = {**cloudformation_json["Properties"]}
        p["RestApiId"], p["DeploymentId"] = _id_of(p["RestApiId"]), _id_of(p["DeploymentId"])
        apigateway_backends[account_id][region_name].create_stage(
            p["RestApiId"], p["StageName"], p["DeploymentId"], variables=p.get("Variables"), description=p.get("Description", ""), tracing_enabled=p.get("TracingEnabled", False)
        )
        return cls(p["StageName"], p)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = {**cloudformation_json["Properties"]}
        p["RestApiId"], p["DeploymentId"] = _id_of(p["RestApiId"]), _id_of(p["DeploymentId"])
        operations = [
            {"op": "replace", "path": "/deploymentId", "value": p["DeploymentId"]},
            {"op": "replace", "path": "/description", "value": p.get("Description", "")},
            {"op": "replace", "path": "/tracingEnabled", "value": "true" if p.get("TracingEnabled") else "false"},
        ]
        apigateway_backends[account_id][region_name].update_stage(p["RestApiId"], p["StageName"], operations)
        return cls(p["StageName"], p)

    def delete(self, account_id: str, region_name: str) -> None:
        try:
            apigateway_backends[account_id][region_name].delete_stage(self.properties["RestApiId"], self.id)
        except Exception:
            pass  # the REST API went first


# 6. hosted zone ids start with Z

import moto.route53.models as _route53_models  # noqa: E402

_original_zone_id = _route53_models.create_route53_zone_id


def _zone_id_starting_with_z(*args, **kwargs):  # type: ignore[no-untyped-def]
    return "Z" + _original_zone_id(*args, **kwargs)[1:]


_route53_models.create_route53_zone_id = _zone_id_starting_with_z


# 7. change sets say which modified resources are replaced, and which properties change

from moto.cloudformation.models import ChangeSet  # noqa: E402

# "Update requires: Replacement", from each type's page in the CloudFormation resource type
# reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html)
_REPLACEMENT_PROPERTIES = {
    "AWS::DynamoDB::Table": {"TableName", "KeySchema", "LocalSecondaryIndexes"},
    "AWS::S3::Bucket": {"BucketName"},
    "AWS::SQS::Queue": {"QueueName", "FifoQueue"},
    "AWS::SNS::Topic": {"TopicName", "FifoTopic"},
    "AWS::Lambda::Function": {"FunctionName", "PackageType"},
    "AWS::Lambda::Version": {"FunctionName", "CodeSha256", "Description", "RuntimePolicy"},
    "AWS::Lambda::Alias": {"FunctionName", "Name"},
    "AWS::Logs::LogGroup": {"LogGroupName"},
    "AWS::IAM::Role": {"RoleName", "Path"},
    "AWS::Events::Rule": {"Name", "EventBusName"},
    "AWS::Kinesis::Stream": {"Name"},
}

_original_change_set_diff = ChangeSet.diff


def _diff_with_replacement(self):  # type: ignore[no-untyped-def]
    changes = _original_change_set_diff(self)
    old = self.stack.template_dict.get("Resources", {}) if isinstance(self.stack.template_dict, dict) else {}
    new = self.template_dict.get("Resources", {}) if isinstance(self.template_dict, dict) else {}
    for change in changes:
        if change.action != "Modify":
            continue
        before = (old.get(change.logical_resource_id) or {}).get("Properties") or {}
        after = (new.get(change.logical_resource_id) or {}).get("Properties") or {}
        changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
        replaced_by = _REPLACEMENT_PROPERTIES.get(change.resource_type, set())
        change.replacement = "True" if any(name in replaced_by for name in changed) else "False"
        change.scope = ["Properties"] if changed else []
        change.details = [
            {
                "Target": {"Attribute": "Properties", "Name": name, "RequiresRecreation": "Always" if name in replaced_by else "Never"},
                "Evaluation": "Static",
                "ChangeSource": "DirectModification",
            }
            for name in changed
        ]
    return changes


ChangeSet.diff = _diff_with_replacement  # type: ignore[method-assign]


# 8. a Lambda version whose replacement properties change is replaced, and its dependents follow


def _references(value: Any) -> set[str]:
    # the logical ids a resource's JSON points at: Ref, Fn::GetAtt, Fn::Sub "${Name...}", DependsOn
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                found.add(item)
            elif key == "Fn::GetAtt":
                found.add(item[0] if isinstance(item, list) else str(item).split(".")[0])
            elif key == "Fn::Sub":
                text = item[0] if isinstance(item, list) else item
                found.update(part.split("}")[0].split(".")[0] for part in str(text).split("${")[1:])
            elif key == "DependsOn":
                found.update([item] if isinstance(item, str) else item)
            found |= _references(item)
    elif isinstance(value, list):
        for item in value:
            found |= _references(item)
    return found


def _replaced_versions(old: dict, new: dict) -> set[str]:  # type: ignore[type-arg]
    replaced_by = _REPLACEMENT_PROPERTIES["AWS::Lambda::Version"]
    names = set()
    for name, resource in new.items():
        if resource.get("Type") != "AWS::Lambda::Version" or name not in old:
            continue
        before, after = old[name].get("Properties") or {}, resource.get("Properties") or {}
        if any(before.get(p) != after.get(p) for p in replaced_by):
            names.add(name)
    return names


def _in_dependency_order(names: list[str], resources: dict) -> list[str]:  # type: ignore[type-arg]
    ordered: list[str] = []
    pending = set(names)

    def visit(name: str, seen: frozenset[str]) -> None:
        if name not in pending or name in seen:
            return
        for dependency in sorted(_references(resources.get(name, {}))):
            visit(dependency, seen | {name})
        if name in pending:
            pending.discard(name)
            ordered.append(name)

    for name in names:
        visit(name, frozenset())
    return ordered


_original_build_resource_diff = ResourceMap.build_resource_diff
_original_resource_map_update = ResourceMap.update


def _diff_following_replacements(self, other_template, parameters=None):  # type: ignore[no-untyped-def]
    actions = _original_build_resource_diff(self, other_template, parameters)
    replaced = getattr(self, "tsappa_replaced", None)
    if replaced is None:
        return actions  # a change set's listing: unchanged
    new = other_template["Resources"]
    modify = list(actions["Modify"])
    for name, resource in new.items():
        if name in self._resource_json_map and name not in modify and _references(resource) & replaced:
            modify.append(name)
    actions["Modify"] = _in_dependency_order(modify, new)
    return actions


def _update_replacing_versions(self, template, parameters=None):  # type: ignore[no-untyped-def]
    old = dict(self._resource_json_map)
    replaced = _replaced_versions(old, template["Resources"])
    previous = {}
    for name in replaced:
        resource = self._parsed_resources.get(name)
        if isinstance(resource, LambdaVersion):
            resource.tsappa_replace = True  # type: ignore[attr-defined]
            previous[name] = resource
    self.tsappa_replaced = replaced
    try:
        _original_resource_map_update(self, template, parameters)
    finally:
        self.tsappa_replaced = None
    for name, resource in previous.items():
        if template["Resources"][name].get("UpdateReplacePolicy") in ("Retain", "Snapshot"):
            continue
        try:
            lambda_backends[self._account_id][self._region_name].delete_function(resource.tsappa_function_name, str(resource.version))  # type: ignore[attr-defined]
        except Exception:
            pass


_original_version_create = LambdaVersion.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _version_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    version = _original_version_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    version.tsappa_function_name = _name(str(getattr(cloudformation_json["Properties"]["FunctionName"], "function_name", cloudformation_json["Properties"]["FunctionName"])))
    return version


def _version_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    if not getattr(original_resource, "tsappa_replace", False):
        return original_resource  # e.g. ProvisionedConcurrencyConfig: updated in place
    return _version_create(cls, new_resource_name, cloudformation_json, account_id, region_name)


LambdaVersion.create_from_cloudformation_json = classmethod(_version_create)  # type: ignore[method-assign, assignment]
LambdaVersion.update_from_cloudformation_json = classmethod(_version_update)  # type: ignore[method-assign, assignment]
ResourceMap.build_resource_diff = _diff_following_replacements  # type: ignore[method-assign]
ResourceMap.update = _update_replacing_versions  # type: ignore[method-assign]


# 9. an executed change set leaves the stack with its template and outputs


_original_change_set_apply = ChangeSet.apply


def _apply_with_outputs(self):  # type: ignore[no-untyped-def]
    _original_change_set_apply(self)
    self.stack.template = self.template
    self.stack.template_dict = self.template_dict
    self.stack.output_map = self.stack._create_output_map()


ChangeSet.apply = _apply_with_outputs  # type: ignore[method-assign]


# 10. a function keeps its DeadLetterConfig, and its configuration update applies tracing and DLQ

_original_function_init = LambdaFunction.__init__
_original_update_configuration = LambdaFunction.update_configuration
_original_get_configuration = LambdaFunction.get_configuration


def _init_keeping_dead_letter(self, account_id, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
    _original_function_init(self, account_id, spec, *args, **kwargs)
    self.tsappa_dead_letter_config = spec.get("DeadLetterConfig") or None


def _update_configuration_with_tracing_and_dlq(self, config_updates):  # type: ignore[no-untyped-def]
    if "TracingConfig" in config_updates:
        self.tracing_config = config_updates["TracingConfig"] or {"Mode": "PassThrough"}
    if "DeadLetterConfig" in config_updates:
        self.tsappa_dead_letter_config = config_updates["DeadLetterConfig"] or None
    return _original_update_configuration(self, config_updates)


def _configuration_with_dead_letter(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    config = _original_get_configuration(self, *args, **kwargs)
    dead_letter = getattr(self, "tsappa_dead_letter_config", None)
    if dead_letter and dead_letter.get("TargetArn"):
        config["DeadLetterConfig"] = {"TargetArn": str(dead_letter["TargetArn"])}
    return config


_original_function_cfn_update = LambdaFunction.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


_original_function_cfn_create = LambdaFunction.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _cfn_create_with_all_properties(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    fn = _original_function_cfn_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json["Properties"]
    updated = fn.code_or_config_updated
    fn.update_configuration({key: properties[key] for key in ("Layers", "TracingConfig", "DeadLetterConfig") if key in properties})
    fn.code_or_config_updated = updated  # still the function as created
    if properties.get("Architectures"):
        fn.architectures = list(properties["Architectures"])
    return fn


def _cfn_update_clearing_removed(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    # a property the template no longer sets goes back to its default, as in a stack update
    properties = {"TracingConfig": None, "DeadLetterConfig": None, "Layers": [], **cloudformation_json["Properties"]}
    fn = _original_function_cfn_update(cls, original_resource, new_resource_name, {**cloudformation_json, "Properties": properties}, account_id, region_name)
    fn.architectures = list(properties.get("Architectures") or ["x86_64"])
    return fn


LambdaFunction.create_from_cloudformation_json = classmethod(_cfn_create_with_all_properties)  # type: ignore[method-assign, assignment]


LambdaFunction.update_from_cloudformation_json = classmethod(_cfn_update_clearing_removed)  # type: ignore[method-assign, assignment]
LambdaFunction.__init__ = _init_keeping_dead_letter  # type: ignore[method-assign]
LambdaFunction.update_configuration = _update_configuration_with_tracing_and_dlq  # type: ignore[method-assign]
LambdaFunction.get_configuration = _configuration_with_dead_letter  # type: ignore[method-assign]


# 11. API Gateway methods and authorizers in CloudFormation, as API Gateway holds them

from moto.apigateway.models import Deployment as _ApiDeployment, Method as _ApiMethod  # noqa: E402


def _method_in_api(properties: dict, account_id: str, region_name: str) -> Any:  # type: ignore[type-arg]
    backend = apigateway_backends[account_id][region_name]
    rest_api_id, resource_id = _id_of(properties["RestApiId"]), _id_of(properties["ResourceId"])
    authorizer_id = properties.get("AuthorizerId")
    method = backend.put_method(
        function_id=rest_api_id,
        resource_id=resource_id,
        method_type=properties["HttpMethod"],
        authorization_type=properties.get("AuthorizationType", "NONE"),
        api_key_required=bool(properties.get("ApiKeyRequired", False)),
        request_parameters=properties.get("RequestParameters"),
        authorizer_id=_id_of(authorizer_id) if authorizer_id else None,
    )
    integration = properties.get("Integration") or {}
    if integration:
        backend.put_integration(
            function_id=rest_api_id,
            resource_id=resource_id,
            method_type=properties["HttpMethod"],
            integration_type=integration["Type"],
            uri=integration.get("Uri"),  # a MOCK integration has none
            integration_method=integration.get("IntegrationHttpMethod"),
            request_templates=integration.get("RequestTemplates"),
            passthrough_behavior=integration.get("PassthroughBehavior"),
            content_handling=integration.get("ContentHandling"),
        ).response_transfer_mode = integration.get("ResponseTransferMode", "BUFFERED")  # patch 75
    method.tsappa_ids = (rest_api_id, resource_id)  # type: ignore[attr-defined]
    return method


def _method_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    return _method_in_api(cloudformation_json["Properties"], account_id, region_name)


def _method_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    # AuthorizationType, AuthorizerId, ApiKeyRequired and Integration: "Update requires: No interruption"
    return _method_in_api(cloudformation_json["Properties"], account_id, region_name)


def _method_delete(self, account_id, region_name):  # type: ignore[no-untyped-def]
    rest_api_id, resource_id = getattr(self, "tsappa_ids", (None, None))
    if rest_api_id:
        try:
            apigateway_backends[account_id][region_name].delete_method(rest_api_id, resource_id, self.http_method)
        except Exception:
            pass  # the API went first


class TsappaAuthorizer(_ApiGatewayModel, CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_models"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::Authorizer"

    @staticmethod
    def _fields(p: dict) -> dict:  # type: ignore[type-arg]
        return {
            "authorizer_uri": p.get("AuthorizerUri"),
            "identity_source": p.get("IdentitySource"),
            "identiy_validation_expression": p.get("IdentityValidationExpression"),  # moto's spelling
            "authorizer_result_ttl": p.get("AuthorizerResultTtlInSeconds", 300),
            "provider_arns": p.get("ProviderARNs"),
            "authorizer_credentials": p.get("AuthorizerCredentials"),
        }

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = {**cloudformation_json["Properties"]}
        p["RestApiId"] = _id_of(p["RestApiId"])
        authorizer = apigateway_backends[account_id][region_name].create_authorizer(p["RestApiId"], p.get("Name", resource_name), p["Type"], **cls._fields(p))
        return cls(authorizer.id, p)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        # every property but RestApiId is "Update requires: No interruption"
        p = {**cloudformation_json["Properties"]}
        p["RestApiId"] = _id_of(p["RestApiId"])
        authorizer = apigateway_backends[account_id][region_name].get_authorizer(p["RestApiId"], original_resource.id)
        fields = cls._fields(p)
        authorizer.name, authorizer.type = p.get("Name", authorizer.name), p["Type"]
        authorizer.authorizer_uri, authorizer.identity_source = fields["authorizer_uri"], fields["identity_source"]
        authorizer.identity_validation_expression, authorizer.authorizer_result_ttl = fields["identiy_validation_expression"], fields["authorizer_result_ttl"]
        return cls(original_resource.id, p)

    def delete(self, account_id: str, region_name: str) -> None:
        try:
            apigateway_backends[account_id][region_name].delete_authorizer(self.properties["RestApiId"], self.id)
        except Exception:
            pass  # the REST API went first


_ApiMethod.create_from_cloudformation_json = classmethod(_method_create)  # type: ignore[method-assign, assignment]
_ApiMethod.update_from_cloudformation_json = classmethod(_method_update)  # type: ignore[method-assign, assignment]
_ApiMethod.delete = _method_delete  # type: ignore[method-assign, attr-defined]
# Ref of an AWS::ApiGateway::Deployment returns the deployment id (DescribeStackResource shows it)
_ApiDeployment.physical_resource_id = property(lambda self: self.id)  # type: ignore[attr-defined]


# 12. a log group's retention and tags follow the template on update

from moto.logs.models import LogGroup as _LogGroup, logs_backends  # noqa: E402


def _log_group_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    p = cloudformation_json.get("Properties", {})
    backend = logs_backends[account_id][region_name]
    if p.get("LogGroupName", original_resource.name) != original_resource.name:
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
    # RetentionInDays: "Update requires: No interruption"; without it, logs never expire
    original_resource.retention_in_days = p.get("RetentionInDays")
    tags = {tag["Key"]: tag["Value"] for tag in p.get("Tags", [])}
    backend.tagger.delete_all_tags_for_resource(original_resource.arn)
    if tags:
        backend.tag_resource(original_resource.arn, tags)
    return original_resource


_LogGroup.update_from_cloudformation_json = classmethod(_log_group_update)  # type: ignore[method-assign, assignment]


# 13. a function's Tags from CloudFormation are its tags, and an update applies them

_tags_function_init = LambdaFunction.__init__
_tags_function_cfn_update = LambdaFunction.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _tags_as_map(tags: Any) -> dict:  # type: ignore[type-arg]
    # CloudFormation's [{"Key": k, "Value": v}] -> the Lambda API's {k: v}
    return {tag["Key"]: tag["Value"] for tag in tags} if isinstance(tags, list) else dict(tags or {})


def _init_with_tag_map(self, account_id, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
    _tags_function_init(self, account_id, spec, *args, **kwargs)
    self.tags = _tags_as_map(self.tags)


def _cfn_update_with_tags(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    fn = _tags_function_cfn_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    fn.tags = _tags_as_map(cloudformation_json["Properties"].get("Tags"))
    if "VpcConfig" not in cloudformation_json["Properties"]:
        fn._vpc_config = None  # a VpcConfig the template no longer sets: the function leaves the VPC
    return fn


LambdaFunction.__init__ = _init_with_tag_map  # type: ignore[method-assign]
LambdaFunction.update_from_cloudformation_json = classmethod(_cfn_update_with_tags)  # type: ignore[method-assign, assignment]


# 14. drift detection: each checked resource's template properties against the live resource

import datetime  # noqa: E402
import uuid  # noqa: E402

from moto.cloudformation.parsing import clean_json  # noqa: E402
from moto.cloudformation.responses import CloudFormationResponse  # noqa: E402
from moto.core.responses import ActionResult  # noqa: E402

_DRIFT_DETECTIONS: dict[str, dict] = {}  # type: ignore[type-arg]
_LATEST_DRIFTS: dict[str, list] = {}  # type: ignore[type-arg]


def _live_function(resource: Any, account_id: str, region: str) -> dict | None:  # type: ignore[type-arg]
    try:
        fn = lambda_backends[account_id][region].get_function(resource.function_name)
    except Exception:
        return None
    return {"MemorySize": fn.memory_size, "Timeout": fn.timeout, "Runtime": fn.run_time, "Handler": fn.handler, "Environment": {"Variables": dict(fn.environment_vars or {})}}


def _live_log_group(resource: Any, account_id: str, region: str) -> dict | None:  # type: ignore[type-arg]
    group = logs_backends[account_id][region].groups.get(resource.name)
    return None if group is None else {"RetentionInDays": group.retention_in_days}


def _live_method(resource: Any, account_id: str, region: str) -> dict | None:  # type: ignore[type-arg]
    rest_api_id, resource_id = getattr(resource, "tsappa_ids", (None, None))
    try:
        method = apigateway_backends[account_id][region].get_method(rest_api_id, resource_id, resource.http_method)
    except Exception:
        return None
    return {"AuthorizationType": method.authorization_type, "ApiKeyRequired": bool(method.api_key_required)}


# the resource types and properties compared, among those drift detection supports
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import-supported-resources.html)
_DRIFT_READERS = {
    "AWS::Lambda::Function": _live_function,
    "AWS::Logs::LogGroup": _live_log_group,
    "AWS::ApiGateway::Method": _live_method,
}


def _primitive(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _property_differences(expected: Any, actual: Any, path: str = "") -> list[dict]:  # type: ignore[type-arg]
    found: list[dict] = []  # type: ignore[type-arg]
    if isinstance(expected, dict):
        actual = actual if isinstance(actual, dict) else {}
        for key in sorted(set(expected) | (set(actual) if path.endswith("/Variables") else set())):
            if key not in expected:
                found.append({"PropertyPath": f"{path}/{key}", "ExpectedValue": "null", "ActualValue": _text(actual[key]), "DifferenceType": "ADD"})
            elif key not in actual or actual[key] is None:
                if _primitive(expected[key]):
                    found.append({"PropertyPath": f"{path}/{key}", "ExpectedValue": _text(expected[key]), "ActualValue": "null", "DifferenceType": "REMOVE"})
            else:
                found.extend(_property_differences(expected[key], actual[key], f"{path}/{key}"))
    elif _primitive(expected) and _text(expected) != _text(actual):
        found.append({"PropertyPath": path, "ExpectedValue": _text(expected), "ActualValue": _text(actual), "DifferenceType": "NOT_EQUAL"})
    return found


def _compared(expected: dict, actual: dict) -> dict:  # type: ignore[type-arg]
    # only the properties the reader knows, with the values the template resolves to
    return {key: value for key, value in expected.items() if key in actual}


def _resource_drifts(stack: Stack) -> list[dict]:  # type: ignore[type-arg]
    now = datetime.datetime.now(datetime.timezone.utc)
    drifts = []
    for logical_id, resource_json in (stack.template_dict.get("Resources") or {}).items():
        reader = _DRIFT_READERS.get(resource_json.get("Type"))
        resource = stack.resource_map._parsed_resources.get(logical_id)
        if reader is None or resource is None or isinstance(resource, str):
            continue
        expected = clean_json(resource_json.get("Properties") or {}, stack.resource_map)
        actual = reader(resource, stack.account_id, stack.region_name)
        drift = {
            "StackId": stack.stack_id,
            "LogicalResourceId": logical_id,
            "PhysicalResourceId": str(getattr(resource, "physical_resource_id", logical_id)),
            "ResourceType": resource_json["Type"],
            "Timestamp": now,
        }
        if actual is None:
            drift.update({"StackResourceDriftStatus": "DELETED", "ExpectedProperties": json.dumps(expected, default=str), "PropertyDifferences": []})
        else:
            wanted = _compared(expected, actual)
            differences = _property_differences(wanted, actual)
            drift.update({
                "StackResourceDriftStatus": "MODIFIED" if differences else "IN_SYNC",
                "ExpectedProperties": json.dumps(wanted, default=str),
                "ActualProperties": json.dumps(actual, default=str),
                "PropertyDifferences": differences,
            })
        drifts.append(drift)
    return drifts


def _detect_stack_drift(self):  # type: ignore[no-untyped-def]
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    drifts = _resource_drifts(stack)
    detection_id = str(uuid.uuid4())
    drifted = [d for d in drifts if d["StackResourceDriftStatus"] in ("MODIFIED", "DELETED")]
    _LATEST_DRIFTS[stack.stack_id] = drifts
    _DRIFT_DETECTIONS[detection_id] = {
        "StackId": stack.stack_id,
        "StackDriftDetectionId": detection_id,
        "StackDriftStatus": "DRIFTED" if drifted else "IN_SYNC",
        "DetectionStatus": "DETECTION_COMPLETE",
        "DriftedStackResourceCount": len(drifted),
        "Timestamp": datetime.datetime.now(datetime.timezone.utc),
    }
    return ActionResult({"StackDriftDetectionId": detection_id})


def _describe_stack_drift_detection_status(self):  # type: ignore[no-untyped-def]
    return ActionResult(_DRIFT_DETECTIONS[self._get_param("StackDriftDetectionId")])


def _describe_stack_resource_drifts(self):  # type: ignore[no-untyped-def]
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    wanted = self._get_param("StackResourceDriftStatusFilters") or self._get_multi_param("StackResourceDriftStatusFilters.member") or []
    drifts = [d for d in _LATEST_DRIFTS.get(stack.stack_id, []) if not wanted or d["StackResourceDriftStatus"] in wanted]
    return ActionResult({"StackResourceDrifts": drifts})


CloudFormationResponse.detect_stack_drift = _detect_stack_drift  # type: ignore[attr-defined]
CloudFormationResponse.describe_stack_drift_detection_status = _describe_stack_drift_detection_status  # type: ignore[attr-defined]
CloudFormationResponse.describe_stack_resource_drifts = _describe_stack_resource_drifts  # type: ignore[attr-defined]


# 15. a role's inline policies and a function's ephemeral storage follow an update

from moto.iam.models import Role as _IamRole  # noqa: E402

_role_cfn_update = _IamRole.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _role_update_with_policies(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    role = _role_cfn_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    policies = {p["PolicyName"]: p["PolicyDocument"] for p in cloudformation_json["Properties"].get("Policies", [])}
    for name in list(role.policies):
        if name not in policies:
            role.delete_policy(name)
    for name, document in policies.items():
        role.put_policy(name, json.dumps(document) if isinstance(document, dict) else document)
    return role


_ephemeral_update_configuration = LambdaFunction.update_configuration


def _update_configuration_with_ephemeral_storage(self, config_updates):  # type: ignore[no-untyped-def]
    if "EphemeralStorage" in config_updates:
        self.ephemeral_storage = (config_updates["EphemeralStorage"] or {}).get("Size", 512)
    return _ephemeral_update_configuration(self, config_updates)


_IamRole.update_from_cloudformation_json = classmethod(_role_update_with_policies)  # type: ignore[method-assign, assignment]
LambdaFunction.update_configuration = _update_configuration_with_ephemeral_storage  # type: ignore[method-assign]


# 16. a REST API's binary media types, endpoint configuration, tags and policy, on create and update

from moto.apigateway.models import RestAPI as _RestApi  # noqa: E402

_rest_api_cfn_create = _RestApi.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _apply_rest_api_properties(api: Any, p: dict) -> Any:  # type: ignore[type-arg]
    api.name, api.description = p.get("Name", api.name), p.get("Description", "")
    api.binaryMediaTypes = list(p.get("BinaryMediaTypes") or [])
    endpoint = p.get("EndpointConfiguration") or {}
    api.endpoint_configuration = {"types": list(endpoint.get("Types") or ["EDGE"]), **({"vpcEndpointIds": list(endpoint["VpcEndpointIds"])} if endpoint.get("VpcEndpointIds") else {})}
    api.tags = {tag["Key"]: tag["Value"] for tag in p.get("Tags", [])}
    api.policy = json.dumps(p["Policy"]) if isinstance(p.get("Policy"), dict) else p.get("Policy")
    return api


def _rest_api_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    api = _rest_api_cfn_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    return _apply_rest_api_properties(api, cloudformation_json["Properties"])


def _rest_api_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    # Name, Description, BinaryMediaTypes, EndpointConfiguration, Tags, Policy: "Update requires: No interruption"
    return _apply_rest_api_properties(original_resource, cloudformation_json["Properties"])


_RestApi.create_from_cloudformation_json = classmethod(_rest_api_create)  # type: ignore[method-assign, assignment]
_RestApi.update_from_cloudformation_json = classmethod(_rest_api_update)  # type: ignore[method-assign, assignment]


# 17. a stack update keeps, replaces or recreates a resource as CloudFormation does

import moto.cloudformation.parsing as _parsing  # noqa: E402

_original_parse_and_update = _parsing.parse_and_update_resource
_update_before_17 = ResourceMap.update
_delete_resource_before_17 = ResourceMap._delete_resource


def _update_keeping_old_json(self, template, parameters=None):  # type: ignore[no-untyped-def]
    self.tsappa_old_resources = dict(self._resource_json_map)
    self.tsappa_updating = True
    try:
        return _update_before_17(self, template, parameters)
    finally:
        self.tsappa_updating = False


def _delete_and_forget(self, parsed_resource, resource_json):  # type: ignore[no-untyped-def]
    _delete_resource_before_17(self, parsed_resource, resource_json)
    if getattr(self, "tsappa_updating", False):
        # a resource removed by this update is gone: adding it again creates a new one
        for name, resource in list(self._parsed_resources.items()):
            if resource is parsed_resource:
                del self._parsed_resources[name]


def _update_or_replace(logical_id, resource_json, resources_map, account_id, region_name):  # type: ignore[no-untyped-def]
    resource_class = _parsing.resource_class_from_type(resource_json["Type"])
    if resource_class is None or not hasattr(resource_class.update_from_cloudformation_json, "__isabstractmethod__"):
        return _original_parse_and_update(logical_id, resource_json, resources_map, account_id, region_name)
    # moto cannot update this type: replace it when a replacement property changed, else keep it
    original = resources_map._parsed_resources.get(logical_id)
    before = ((getattr(resources_map, "tsappa_old_resources", {}) or {}).get(logical_id) or {}).get("Properties") or {}
    after = resource_json.get("Properties") or {}
    replaced_by = _REPLACEMENT_PROPERTIES.get(resource_json["Type"], set())
    if original is not None and not any(before.get(name) != after.get(name) for name in replaced_by):
        return original
    created = _parsing.parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name)
    if original is not None and resource_json.get("UpdateReplacePolicy") not in ("Retain", "Snapshot"):
        try:
            original.delete(account_id, region_name)
        except Exception:
            pass
    return created


_replaced_versions_before_17 = _replaced_versions


def _replaced_resources(old: dict, new: dict) -> set[str]:  # type: ignore[type-arg]
    # patch 8's replaced versions, and every other resource a replacement property of which changed:
    # the resources that Ref or GetAtt them are updated with the new resource's values
    names = _replaced_versions_before_17(old, new)
    for name, resource in new.items():
        if name not in old or resource.get("Type") == "AWS::Lambda::Version":
            continue
        before, after = old[name].get("Properties") or {}, resource.get("Properties") or {}
        if any(before.get(p) != after.get(p) for p in _REPLACEMENT_PROPERTIES.get(resource.get("Type"), set())):
            names.add(name)
    return names


_replaced_versions = _replaced_resources  # noqa: F811 (patch 8's update calls it by this name)
ResourceMap.update = _update_keeping_old_json  # type: ignore[method-assign]
ResourceMap._delete_resource = _delete_and_forget  # type: ignore[method-assign]
_parsing.parse_and_update_resource = _update_or_replace


# 18. an API stage's cache cluster follows the template

_stage_cfn_create_before_18 = TsappaApiStage.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
_stage_cfn_update_before_18 = TsappaApiStage.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _apply_stage_cache(p: dict, account_id: str, region_name: str) -> None:  # type: ignore[type-arg]
    stage = apigateway_backends[account_id][region_name].get_stage(_id_of(p["RestApiId"]), p["StageName"])
    enabled = p.get("CacheClusterEnabled") in (True, "true")
    stage.cache_cluster_enabled = enabled
    stage.cache_cluster_status = "AVAILABLE" if enabled else None
    stage.cache_cluster_size = str(p.get("CacheClusterSize", "0.5")) if enabled else None


def _stage_create_with_cache(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    created = _stage_cfn_create_before_18(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    _apply_stage_cache(cloudformation_json["Properties"], account_id, region_name)
    return created


def _stage_update_with_cache(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    updated = _stage_cfn_update_before_18(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    _apply_stage_cache(cloudformation_json["Properties"], account_id, region_name)
    return updated


TsappaApiStage.create_from_cloudformation_json = classmethod(_stage_create_with_cache)  # type: ignore[method-assign, assignment]
TsappaApiStage.update_from_cloudformation_json = classmethod(_stage_update_with_cache)  # type: ignore[method-assign, assignment]


# 20. an API stage's access logs and method settings, as API Gateway holds them
# moto's CloudFormation stage (patch 5) drops AccessLogSetting and MethodSettings. AWS applies
# both to the stage: AccessLogSetting (DestinationArn, Format) and, per MethodSetting,
# LoggingLevel, DataTraceEnabled, MetricsEnabled, ThrottlingRateLimit, ThrottlingBurstLimit and
# caching, keyed by "<ResourcePath without the leading />/<HttpMethod>" ("*/*" for "/*" and "*"),
# and an update replaces them (a setting removed goes back to its default)
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html,
# https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html).
#
# 21. logging needs the account's CloudWatch Logs role
# AWS refuses a stage that turns on access logs or execution logs (LoggingLevel ERROR or INFO,
# or DataTraceEnabled) while API Gateway's account settings in the region have no
# cloudwatchRoleArn: BadRequestException "CloudWatch Logs role ARN must be set in account
# settings to enable logging" (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html,
# "Permissions for CloudWatch logging"; https://repost.aws/knowledge-center/api-gateway-cloudwatch-logs).
#
# 22. UpdateAccount checks the CloudWatch role
# moto takes any cloudwatchRoleArn. AWS refuses a role that does not exist or that API Gateway
# may not assume (its trust policy must name apigateway.amazonaws.com): BadRequestException
# "The role ARN does not have required permissions set to API Gateway"
# (https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateAccount.html,
# https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).

from moto.apigateway.exceptions import BadRequestException as _ApiBadRequest  # noqa: E402
from moto.apigateway.models import APIGatewayBackend as _ApiGatewayBackend  # noqa: E402
from moto.iam.models import iam_backends as _iam_backends  # noqa: E402

_METHOD_SETTING_KEYS = {
    "LoggingLevel": "loggingLevel",
    "DataTraceEnabled": "dataTraceEnabled",
    "MetricsEnabled": "metricsEnabled",
    "ThrottlingRateLimit": "throttlingRateLimit",
    "ThrottlingBurstLimit": "throttlingBurstLimit",
    "CachingEnabled": "cachingEnabled",
    "CacheTtlInSeconds": "cacheTtlInSeconds",
    "CacheDataEncrypted": "cacheDataEncrypted",
}


def _stage_logs(p: dict) -> bool:  # type: ignore[type-arg]
    if p.get("AccessLogSetting"):
        return True
    return any(str(s.get("LoggingLevel", "OFF")).upper() in ("ERROR", "INFO") or s.get("DataTraceEnabled") in (True, "true") for s in p.get("MethodSettings") or [])


def _require_log_role(p: dict, account_id: str, region_name: str) -> None:  # type: ignore[type-arg]
    if _stage_logs(p) and not apigateway_backends[account_id][region_name].account.cloudwatch_role_arn:
        raise _ApiBadRequest("CloudWatch Logs role ARN must be set in account settings to enable logging")


def _apply_stage_logging(p: dict, account_id: str, region_name: str) -> None:  # type: ignore[type-arg]
    stage = apigateway_backends[account_id][region_name].get_stage(_id_of(p["RestApiId"]), p["StageName"])
    access = p.get("AccessLogSetting")
    stage.access_log_settings = {"destinationArn": str(access.get("DestinationArn", "")), "format": access.get("Format", "")} if access else None
    stage.method_settings = {}
    for setting in p.get("MethodSettings") or []:
        key = f"{str(setting.get('ResourcePath', '/*')).lstrip('/')}/{setting.get('HttpMethod', '*')}"
        current = stage._get_default_method_settings()
        current["loggingLevel"] = "OFF"
        for name, api_name in _METHOD_SETTING_KEYS.items():
            if name in setting:
                current[api_name] = setting[name]
        stage.method_settings[key] = current


_original_stage_create = TsappaApiStage.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
_original_stage_update = TsappaApiStage.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _stage_create_with_logging(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    _require_log_role(cloudformation_json["Properties"], account_id, region_name)
    created = _original_stage_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    _apply_stage_logging(cloudformation_json["Properties"], account_id, region_name)
    return created


def _stage_update_with_logging(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    _require_log_role(cloudformation_json["Properties"], account_id, region_name)
    updated = _original_stage_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    _apply_stage_logging(cloudformation_json["Properties"], account_id, region_name)
    return updated


TsappaApiStage.create_from_cloudformation_json = classmethod(_stage_create_with_logging)  # type: ignore[method-assign, assignment]
TsappaApiStage.update_from_cloudformation_json = classmethod(_stage_update_with_logging)  # type: ignore[method-assign, assignment]

_original_update_account = _ApiGatewayBackend.update_account


def _update_account_checking_role(self, patch_operations):  # type: ignore[no-untyped-def]
    for op in patch_operations:
        if "/cloudwatchRoleArn" in op.get("path", "") and op.get("value"):
            role = next((r for r in _iam_backends[self.account_id][self.partition].roles.values() if r.arn == op["value"]), None)
            if role is None or "apigateway.amazonaws.com" not in str(role.assume_role_policy_document):
                raise _ApiBadRequest("The role ARN does not have required permissions set to API Gateway")
    return _original_update_account(self, patch_operations)


_ApiGatewayBackend.update_account = _update_account_checking_role  # type: ignore[method-assign]


# 23. the AWS managed policy API Gateway's CloudWatch role holds exists
# moto loads no AWS managed policy unless MOTO_IAM_LOAD_MANAGED_POLICIES is set, so attaching
# AmazonAPIGatewayPushToCloudWatchLogs fails with "does not exist or is not attachable". In AWS
# every account has it, at arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs
# (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAPIGatewayPushToCloudWatchLogs.html).
# The patch loads that one policy from moto's own copy of the AWS managed policies.

from moto.iam.aws_managed_policies import aws_managed_policies_data as _aws_managed_policies_data  # noqa: E402
from moto.iam.models import AWSManagedPolicy as _AWSManagedPolicy, IAMBackend as _IAMBackend  # noqa: E402



def _managed_policy_data(name: str) -> dict:  # type: ignore[type-arg]
    # only this entry of moto's 4 MB JSON document: parsing all of it slows every server start
    start = _aws_managed_policies_data.index(f'"{name}"')
    value_start = _aws_managed_policies_data.index("{", start)
    return json.JSONDecoder().raw_decode(_aws_managed_policies_data, value_start)[0]


_TSAPPA_MANAGED_POLICIES = {name: _managed_policy_data(name) for name in ("AmazonAPIGatewayPushToCloudWatchLogs",)}
_original_init_aws_policies = _IAMBackend._init_aws_policies


def _init_aws_policies_with_tsappa_ones(self):  # type: ignore[no-untyped-def]
    policies = _original_init_aws_policies(self)
    loaded = {p.name for p in policies}
    return policies + [_AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data) for name, data in _TSAPPA_MANAGED_POLICIES.items() if name not in loaded]


_IAMBackend._init_aws_policies = _init_aws_policies_with_tsappa_ones  # type: ignore[method-assign]


# 40. CloudFormation creates, updates and deletes EventBridge Scheduler schedules
# moto's CloudFormation has no AWS::Scheduler::Schedule (its Scheduler API has schedules), so a
# stack's schedules were skipped. AWS creates the schedule with the template's properties: its
# name, group, expression, ScheduleExpressionTimezone, FlexibleTimeWindow, StartDate/EndDate
# (date-time strings), State and Target; Ref returns the name and GetAtt Arn the ARN; a changed
# Name or GroupName replaces it, anything else updates it in place
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html).
# The patch does the same through moto's Scheduler backend. Dates reach that backend as epoch
# seconds, as the Scheduler API carries them (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).

from datetime import datetime as _datetime  # noqa: E402

from moto.scheduler.models import scheduler_backends as _scheduler_backends  # noqa: E402


def _epoch_seconds(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    return _datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def _schedule_arguments(p: dict) -> dict:  # type: ignore[type-arg]
    return {
        "description": p.get("Description"),
        "end_date": _epoch_seconds(p.get("EndDate")),
        "flexible_time_window": p.get("FlexibleTimeWindow") or {"Mode": "OFF"},
        "group_name": p.get("GroupName") or "default",
        "kms_key_arn": p.get("KmsKeyArn"),
        "schedule_expression": p["ScheduleExpression"],
        "schedule_expression_timezone": p.get("ScheduleExpressionTimezone"),
        "start_date": _epoch_seconds(p.get("StartDate")),
        "state": p.get("State") or "ENABLED",
        "target": dict(p["Target"]),
    }


class TsappaSchedulerSchedule(CloudFormationModel):
    __module__ = "moto.scheduler.tsappa_schedule"  # moto derives the service from the module name

    def __init__(self, arn: str, name: str, group_name: str):
        self.arn = arn
        self.name = name
        self.group_name = group_name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Scheduler::Schedule"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Arn",)

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        name = p.get("Name") or resource_name
        args = _schedule_arguments(p)
        schedule = _scheduler_backends[account_id][region_name].create_schedule(name=name, action_after_completion=p.get("ActionAfterCompletion"), **args)
        return cls(schedule.arn, name, args["group_name"])

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        name = p.get("Name") or original_resource.name
        args = _schedule_arguments(p)
        backend = _scheduler_backends[account_id][region_name]
        if name != original_resource.name or args["group_name"] != original_resource.group_name:
            cls.delete_from_cloudformation_json(original_resource.name, {"Properties": {"Name": original_resource.name, "GroupName": original_resource.group_name}}, account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        schedule = backend.update_schedule(name=name, **args)
        return cls(schedule.arn, name, args["group_name"])

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json.get("Properties", {})
        try:
            _scheduler_backends[account_id][region_name].delete_schedule(p.get("GroupName") or "default", p.get("Name") or resource_name)
        except Exception:
            pass

    def delete(self, account_id: str, region_name: str) -> None:
        try:
            _scheduler_backends[account_id][region_name].delete_schedule(self.group_name, self.name)
        except Exception:
            pass


# 41. a function keeps its LoggingConfig
# moto's Lambda drops LoggingConfig, in CreateFunction, UpdateFunctionConfiguration and
# CloudFormation's AWS::Lambda::Function alike, and returns none. AWS keeps it and returns it in
# the function's (and each published version's) configuration: LogFormat (Text by default), the
# LogGroup (/aws/lambda/<function> by default) and, with the JSON format, ApplicationLogLevel and
# SystemLogLevel (INFO by default); a stack update without the property goes back to those
# defaults (https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html,
# https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-loggingconfig.html).
# The patch does the same.

_logging_original_init = LambdaFunction.__init__
_logging_original_update_configuration = LambdaFunction.update_configuration
_logging_original_get_configuration = LambdaFunction.get_configuration
_logging_original_cfn_create = LambdaFunction.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
_logging_original_cfn_update = LambdaFunction.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _init_keeping_logging(self, account_id, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
    _logging_original_init(self, account_id, spec, *args, **kwargs)
    self.tsappa_logging_config = dict(spec.get("LoggingConfig") or {})


def _update_configuration_with_logging(self, config_updates):  # type: ignore[no-untyped-def]
    if "LoggingConfig" in config_updates:
        self.tsappa_logging_config = dict(config_updates["LoggingConfig"] or {})
    return _logging_original_update_configuration(self, config_updates)


def _configuration_with_logging(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    config = _logging_original_get_configuration(self, *args, **kwargs)
    stored = getattr(self, "tsappa_logging_config", None) or {}
    logging_config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}", **{k: str(v) for k, v in stored.items()}}
    if logging_config["LogFormat"] == "JSON":
        logging_config.setdefault("ApplicationLogLevel", "INFO")
        logging_config.setdefault("SystemLogLevel", "INFO")
    config["LoggingConfig"] = logging_config
    return config


def _cfn_create_with_logging(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    fn = _logging_original_cfn_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    fn.tsappa_logging_config = dict(cloudformation_json["Properties"].get("LoggingConfig") or {})
    return fn


def _cfn_update_with_logging(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    fn = _logging_original_cfn_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    fn.tsappa_logging_config = dict(cloudformation_json["Properties"].get("LoggingConfig") or {})
    return fn


LambdaFunction.__init__ = _init_keeping_logging  # type: ignore[method-assign]
LambdaFunction.update_configuration = _update_configuration_with_logging  # type: ignore[method-assign]
LambdaFunction.get_configuration = _configuration_with_logging  # type: ignore[method-assign]
LambdaFunction.create_from_cloudformation_json = classmethod(_cfn_create_with_logging)  # type: ignore[method-assign, assignment]
LambdaFunction.update_from_cloudformation_json = classmethod(_cfn_update_with_logging)  # type: ignore[method-assign, assignment]


# 42. a role's inline policies from CloudFormation read back as JSON
# moto's AWS::IAM::Role keeps each inline policy of its Policies property as the Python dict it
# parsed, so GetRolePolicy answers with its Python repr ({'Version': ...}). AWS stores the policy
# document and GetRolePolicy returns it as URL-encoded JSON
# (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html). The patch stores
# the documents of a created role as JSON, as section 15 does on update.

_role_cfn_create = _IamRole.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _role_create_with_json_policies(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
    role = _role_cfn_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    for name, document in list(role.policies.items()):
        if isinstance(document, dict):
            role.put_policy(name, json.dumps(document))
    return role


_IamRole.create_from_cloudformation_json = classmethod(_role_create_with_json_policies)  # type: ignore[method-assign, assignment]


# 60. deleting a stack deletes its REST API
# moto's RestAPI has no delete for CloudFormation, so DeleteStack (and a rolled-back create)
# leaves the API, its resources, methods and stages behind. AWS deletes every resource of the
# stack that does not have a DeletionPolicy of Retain
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html),
# and deleting an AWS::ApiGateway::RestApi removes the API with everything under it
# (https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteRestApi.html). Found by the
# real-AWS suite's rehearsal: undeploy left the API in moto.

from moto.apigateway.models import RestAPI as _RestApiOfStack  # noqa: E402


def _rest_api_delete(self, account_id: str, region_name: str) -> None:  # type: ignore[no-untyped-def]
    apigateway_backends[account_id][region_name].apis.pop(self.id, None)


_RestApiOfStack.delete = _rest_api_delete  # type: ignore[attr-defined]


# 30. Lambda GetAccountSettings: the account's concurrency and what is left unreserved
# moto has no route for GetAccountSettings (GET /2016-08-19/account-settings). AWS answers with
# AccountLimit.ConcurrentExecutions (1,000 by default per Region) and
# UnreservedConcurrentExecutions, the limit minus every function's reserved concurrency
# (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html,
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). The limit is
# MOTO_LAMBDA_CONCURRENCY_QUOTA when set, as moto's PutFunctionConcurrency reads it.

import moto.awslambda.urls as _lambda_urls  # noqa: E402
from moto.awslambda.responses import LambdaResponse as _LambdaResponse  # noqa: E402


def _get_account_settings(self):  # type: ignore[no-untyped-def]
    limit = int(os.environ.get("MOTO_LAMBDA_CONCURRENCY_QUOTA", "1000"))
    functions = self.backend.list_functions()
    reserved = sum(int(fn.reserved_concurrency) for fn in functions if fn.reserved_concurrency not in (None, ""))
    settings = {
        "AccountLimit": {
            "TotalCodeSize": 80530636800,
            "CodeSizeUnzipped": 262144000,
            "CodeSizeZipped": 52428800,
            "ConcurrentExecutions": limit,
            "UnreservedConcurrentExecutions": limit - reserved,
        },
        "AccountUsage": {"TotalCodeSize": 0, "FunctionCount": len(functions)},
    }
    return 200, {}, json.dumps(settings)


_LambdaResponse.get_account_settings = _get_account_settings  # type: ignore[attr-defined]
_lambda_urls.url_paths[r"{0}/(?P<api_version>[^/]+)/account-settings/?$"] = _LambdaResponse.dispatch


# 31. a stack update applies the function's reserved concurrency
# moto reads ReservedConcurrentExecutions when CloudFormation creates an AWS::Lambda::Function,
# but an update leaves the old reservation. AWS::Lambda::Function's ReservedConcurrentExecutions
# is "Update requires: No interruption", and removing it from the template removes the
# reservation (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html).

_concurrency_original_cfn_update = LambdaFunction.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _cfn_update_with_reserved_concurrency(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
    fn = _concurrency_original_cfn_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    reserved = cloudformation_json.get("Properties", {}).get("ReservedConcurrentExecutions")
    fn.reserved_concurrency = None if reserved is None else int(reserved)
    return fn


LambdaFunction.update_from_cloudformation_json = classmethod(_cfn_update_with_reserved_concurrency)  # type: ignore[method-assign, assignment]


# 70. CloudFormation creates HTTP APIs and Function URLs (apiType "http" and "url")
# moto's CloudFormation has no AWS::ApiGatewayV2::Api, Integration, Route, Authorizer or Stage,
# nor AWS::Lambda::Url (its apigatewayv2 and lambda APIs have them), so a stack's HTTP API or
# Function URL was skipped. AWS creates them with the template's properties, Ref giving the
# API's, integration's, route's and authorizer's ids (the stage's name), GetAtt
# ApiEndpoint/ApiId of an API and FunctionUrl/FunctionArn of a URL; a Function URL with a
# Qualifier belongs to that alias, whose ARN GetFunctionUrlConfig returns as FunctionArn
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-url.html,
# https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionUrlConfig.html).
# The patch does the same through moto's apigatewayv2 and lambda backends, which take the API's
# JSON (camelCase) shapes. An update is applied by replacing the resource (AWS updates these in
# place); no test relies on their ids staying the same across updates.

from moto.apigatewayv2.models import apigatewayv2_backends as _v2_backends  # noqa: E402
from moto.awslambda.models import FunctionUrlConfig as _FunctionUrlConfig  # noqa: E402


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


class _TsappaV2Resource:
    """What the five resources share; each is a direct CloudFormationModel subclass (moto lists only those)."""

    def __init__(self, physical_id: str, api_id: str, attributes: dict):  # type: ignore[type-arg]
        self.physical_id = physical_id
        self.api_id = api_id
        self.attributes = attributes

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return self.attributes.get(attribute_name)

    @classmethod
    def _create(cls, backend: Any, p: dict, resource_name: str) -> Any:  # type: ignore[type-arg]
        raise NotImplementedError

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        return cls._create(_v2_backends[account_id][region_name], cloudformation_json["Properties"], resource_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def _delete(self, backend: Any) -> None:
        raise NotImplementedError

    def delete(self, account_id: str, region_name: str) -> None:
        try:
            self._delete(_v2_backends[account_id][region_name])
        except Exception:
            pass  # its API went first


class TsappaHttpApi(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Api"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        api = backend.create_api(
            api_key_selection_expression=None,
            cors_configuration=_camel(p.get("CorsConfiguration")),
            description=p.get("Description"),
            disable_schema_validation=None,
            disable_execute_api_endpoint=None,
            name=p.get("Name") or resource_name,
            protocol_type=p.get("ProtocolType", "HTTP"),
            route_selection_expression=None,
            tags=p.get("Tags") or {},
            version=None,
        )
        return cls(api.api_id, api.api_id, {"ApiEndpoint": api.api_endpoint, "ApiId": api.api_id})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_api(self.api_id)


class TsappaHttpApiIntegration(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Integration"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        integration = backend.create_integration(
            api_id=p["ApiId"],
            connection_id=None,
            connection_type=None,
            content_handling_strategy=None,
            credentials_arn=None,
            description=p.get("Description"),
            integration_method=p.get("IntegrationMethod"),
            integration_subtype=None,
            integration_type=p["IntegrationType"],
            integration_uri=p.get("IntegrationUri"),
            passthrough_behavior=None,
            payload_format_version=p.get("PayloadFormatVersion"),
            request_parameters=None,
            request_templates=None,
            response_parameters=None,
            template_selection_expression=None,
            timeout_in_millis=p.get("TimeoutInMillis"),
            tls_config=None,
        )
        return cls(integration.id, p["ApiId"], {})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_integration(self.api_id, self.physical_id)


class TsappaHttpApiRoute(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Route"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        route = backend.create_route(
            api_id=p["ApiId"],
            api_key_required=bool(p.get("ApiKeyRequired", False)),
            authorization_scopes=p.get("AuthorizationScopes"),
            authorization_type=p.get("AuthorizationType", "NONE"),
            authorizer_id=p.get("AuthorizerId"),
            model_selection_expression=None,
            operation_name=None,
            request_models=None,
            request_parameters=None,
            route_key=p["RouteKey"],
            route_response_selection_expression=None,
            target=p.get("Target"),
        )
        return cls(route.route_id, p["ApiId"], {})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_route(self.api_id, self.physical_id)


class TsappaHttpApiAuthorizer(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Authorizer"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        authorizer = backend.create_authorizer(
            api_id=p["ApiId"],
            auth_creds_arn=None,
            auth_payload_format_version=p.get("AuthorizerPayloadFormatVersion"),
            auth_result_ttl=p.get("AuthorizerResultTtlInSeconds"),
            authorizer_uri=p.get("AuthorizerUri"),
            authorizer_type=p["AuthorizerType"],
            enable_simple_response=p.get("EnableSimpleResponses"),
            identity_source=p.get("IdentitySource"),
            identity_validation_expr=None,
            jwt_config=_camel(p.get("JwtConfiguration")),
            name=p["Name"],
        )
        return cls(authorizer.id, p["ApiId"], {"AuthorizerId": authorizer.id})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_authorizer(self.api_id, self.physical_id)


class TsappaHttpApiStage(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"  # moto derives the service from the module name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Stage"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        config = _camel({k: v for k, v in p.items() if k not in ("ApiId", "Tags")})
        config["tags"] = p.get("Tags") or {}
        stage = backend.create_stage(p["ApiId"], config)
        return cls(stage.name, p["ApiId"], {})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_stage(self.api_id, self.physical_id)


# The v2 DomainName's regional target (GetAtt RegionalDomainName / RegionalHostedZoneId) is the
# `d-<id>.execute-api.<region>.amazonaws.com` name AWS gives a regional domain, in the Route 53
# zone API Gateway uses for regional endpoints of the region
# (https://docs.aws.amazon.com/general/latest/gr/apigateway.html, "Route 53 Hosted Zone ID");
# an ApiMapping's Ref is its id.
_REGIONAL_API_ZONES = {"us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-central-1": "Z1U9ULNL0V5AJ3"}


class TsappaHttpApiDomainName(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::DomainName"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        target = f"d-{''.join(__import__('random').choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(10))}.execute-api.{region_name}.amazonaws.com"
        zone = _REGIONAL_API_ZONES.get(region_name, "Z1UJRXOUMOOFQ8")
        configurations = [{**_camel(c), "apiGatewayDomainName": target, "hostedZoneId": zone} for c in p.get("DomainNameConfigurations") or []]
        domain = _v2_backends[account_id][region_name].create_domain_name(domain_name=p["DomainName"], domain_name_configurations=configurations, mutual_tls_authentication=None, tags=p.get("Tags") or {})
        return cls(domain.domain_name, "", {"RegionalDomainName": target, "RegionalHostedZoneId": zone})

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_domain_name(self.physical_id)


class TsappaHttpApiMapping(_TsappaV2Resource, CloudFormationModel):
    __module__ = "moto.apigatewayv2.tsappa_resources"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::ApiMapping"

    @classmethod
    def _create(cls, backend, p, resource_name):  # type: ignore[no-untyped-def]
        mapping = backend.create_api_mapping(api_id=p["ApiId"], api_mapping_key=p.get("ApiMappingKey") or "", domain_name=p["DomainName"], stage=p["Stage"])
        resource = cls(mapping.api_mapping_id, p["ApiId"], {})
        resource.domain_name = p["DomainName"]
        return resource

    def _delete(self, backend):  # type: ignore[no-untyped-def]
        backend.delete_api_mapping(self.physical_id, self.domain_name)


class TsappaFunctionUrl(CloudFormationModel):
    __module__ = "moto.awslambda.tsappa_function_url"

    def __init__(self, function_arn: str, url: str, qualified_arn: str):
        self.function_arn = function_arn
        self.url = url
        self.qualified_arn = qualified_arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::Url"

    @property
    def physical_resource_id(self) -> str:
        return self.qualified_arn

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("FunctionUrl", "FunctionArn")

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return self.url if attribute_name == "FunctionUrl" else self.qualified_arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        target = str(p["TargetFunctionArn"])
        qualifier = p.get("Qualifier")
        config = {k: v for k, v in p.items() if k in ("AuthType", "Cors", "InvokeMode")}
        if qualifier:
            config["Qualifier"] = qualifier
        url = lambda_backends[account_id][region_name].create_function_url_config(target, config)
        return cls(target, url.url + "/", f"{target}:{qualifier}" if qualifier else target)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        try:
            lambda_backends[account_id][region_name].delete_function_url_config(self.function_arn)
        except Exception:
            pass


_function_url_original_to_dict = _FunctionUrlConfig.to_dict


def _function_url_to_dict(self):  # type: ignore[no-untyped-def]
    result = _function_url_original_to_dict(self)
    qualifier = self.config.get("Qualifier")
    if qualifier:
        result["FunctionArn"] = f"{self.function.function_arn}:{qualifier}"
    return result


_FunctionUrlConfig.to_dict = _function_url_to_dict  # type: ignore[method-assign]


# 71. API Gateway v2 custom domains as `tsappa certify` of an http stage meets them
# - A domain name made through the API (not CloudFormation, patch 70) comes back from moto with its
#   configurations as sent. AWS adds to each the name API Gateway serves it at
#   (ApiGatewayDomainName, `d-<id>.execute-api.<region>.amazonaws.com` for a regional domain),
#   the Route 53 zone of that name (HostedZoneId) and its DomainNameStatus
#   (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname.html#domainnames-domainname-model-domainnameconfiguration).
# - moto has no UpdateDomainName: AWS replaces the domain's configurations (its certificate and
#   security policy) and keeps the name it serves the domain at
#   (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname.html#UpdateDomainName).
# - moto has no UpdateApiMapping: AWS changes the mapping's API, stage and key in place, its id
#   unchanged (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings-apimappingid.html#UpdateApiMapping).
# - moto's CreateApiMapping silently replaces a mapping of the same stage and key (its id is a
#   hash of them) and adds a second one under a key another stage already maps. AWS refuses a
#   key the domain already maps with a 409 ConflictException
#   (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html#CreateApiMapping),
#   so a certify that maps twice fails here as it would there.

from moto.apigatewayv2.exceptions import APIGatewayV2Error as _V2Error  # noqa: E402
from moto.apigatewayv2.exceptions import ApiMappingNotFound as _ApiMappingNotFound  # noqa: E402
from moto.apigatewayv2.exceptions import BadRequestException as _V2BadRequest  # noqa: E402
from moto.apigatewayv2.models import ApiGatewayV2Backend as _V2Backend  # noqa: E402
from moto.apigatewayv2.responses import ApiGatewayV2Response as _V2Response  # noqa: E402


class _V2Conflict(_V2Error):
    code = 409

    def __init__(self, message: str) -> None:
        super().__init__("ConflictException", message)


def _regional_configuration(backend: Any, configuration: dict, target: str | None = None) -> dict:  # type: ignore[type-arg]
    name = target or f"d-{''.join(__import__('random').choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(10))}.execute-api.{backend.region_name}.amazonaws.com"
    return {
        "endpointType": "REGIONAL",
        "domainNameStatus": "AVAILABLE",
        "apiGatewayDomainName": name,
        "hostedZoneId": _REGIONAL_API_ZONES.get(backend.region_name, "Z1UJRXOUMOOFQ8"),
        **configuration,
    }


_v2_original_create_domain_name = _V2Backend.create_domain_name


def _v2_create_domain_name(self, domain_name, domain_name_configurations, mutual_tls_authentication, tags):  # type: ignore[no-untyped-def]
    configurations = [_regional_configuration(self, c) for c in domain_name_configurations or [{}]]
    return _v2_original_create_domain_name(self, domain_name, configurations, mutual_tls_authentication, tags)


def _v2_update_domain_name(self, domain_name, domain_name_configurations):  # type: ignore[no-untyped-def]
    domain = self.get_domain_name(domain_name)
    kept = (domain.domain_name_configurations or [{}])[0]
    if domain_name_configurations:
        domain.domain_name_configurations = [
            _regional_configuration(self, {k: v for k, v in c.items() if k not in ("apiGatewayDomainName", "hostedZoneId")}, kept.get("apiGatewayDomainName")) for c in domain_name_configurations
        ]
    return domain


_v2_original_create_api_mapping = _V2Backend.create_api_mapping


def _v2_create_api_mapping(self, api_id, api_mapping_key, domain_name, stage):  # type: ignore[no-untyped-def]
    if any(m.domain_name == domain_name and m.api_mapping_key == (api_mapping_key or "") for m in self.api_mappings.values()):
        raise _V2Conflict(f"The API mapping key {api_mapping_key!r} already exists for the domain name {domain_name}.")
    return _v2_original_create_api_mapping(self, api_id, api_mapping_key or "", domain_name, stage)


def _v2_update_api_mapping(self, api_mapping_id, domain_name, api_id, api_mapping_key, stage):  # type: ignore[no-untyped-def]
    mapping = self.get_api_mapping(api_mapping_id, domain_name)
    if mapping.domain_name != domain_name:
        raise _ApiMappingNotFound()
    if api_id not in self.apis:
        raise _V2BadRequest(f"Invalid API identifier specified {api_id}")
    if api_mapping_key is not None:
        if any(m is not mapping and m.domain_name == domain_name and m.api_mapping_key == api_mapping_key for m in self.api_mappings.values()):
            raise _V2Conflict(f"The API mapping key {api_mapping_key!r} already exists for the domain name {domain_name}.")
        mapping.api_mapping_key = api_mapping_key
    mapping.api_id = api_id
    if stage is not None:
        mapping.stage = stage
    return mapping


def _v2_response_update_domain_name(self):  # type: ignore[no-untyped-def]
    params = json.loads(self.body or "{}")
    domain = self.apigatewayv2_backend.update_domain_name(self.path.split("/")[-1], params.get("domainNameConfigurations"))
    return 200, {}, json.dumps(domain.to_json())


def _v2_response_update_api_mapping(self):  # type: ignore[no-untyped-def]
    params = json.loads(self.body or "{}")
    parts = self.path.split("/")
    mapping = self.apigatewayv2_backend.update_api_mapping(parts[-1], parts[-3], params.get("apiId"), params.get("apiMappingKey"), params.get("stage"))
    return 200, {}, json.dumps(mapping.to_json())


_V2Backend.create_domain_name = _v2_create_domain_name  # type: ignore[method-assign]
_V2Backend.update_domain_name = _v2_update_domain_name  # type: ignore[attr-defined]
_V2Backend.create_api_mapping = _v2_create_api_mapping  # type: ignore[method-assign]
_V2Backend.update_api_mapping = _v2_update_api_mapping  # type: ignore[attr-defined]
_V2Response.update_domain_name = _v2_response_update_domain_name  # type: ignore[attr-defined]
_V2Response.update_api_mapping = _v2_response_update_api_mapping  # type: ignore[attr-defined]


# 72. deleting an API Gateway v2 domain name deletes it with its API mappings
# moto's delete_domain_name removes the domain's mappings from the dict it iterates over: with a
# mapping it raises "dictionary changed size during iteration" and keeps the domain name (and a
# stack replacing its domain, patch 70, leaves the old one behind). AWS deletes the domain name
# and its API mappings
# (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname.html#DeleteDomainName).

from moto.apigatewayv2.exceptions import DomainNameNotFound as _V2DomainNameNotFound  # noqa: E402


def _v2_delete_domain_name(self, domain_name):  # type: ignore[no-untyped-def]
    if domain_name not in self.domain_names:
        raise _V2DomainNameNotFound()
    for mapping_id in [i for i, m in self.api_mappings.items() if m.domain_name == domain_name]:
        del self.api_mappings[mapping_id]
    del self.domain_names[domain_name]


_V2Backend.delete_domain_name = _v2_delete_domain_name  # type: ignore[method-assign]


# 73. CloudFormation creates REST API custom domains (AWS::ApiGateway::DomainName, BasePathMapping)
# moto's CloudFormation skips both types, so a stage with `domain` and apiType "rest" got a stack
# without its domain name; here they go through moto's API Gateway backend, as AWS creates them
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-domainname.html,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-basepathmapping.html):
# - the DomainName's Ref (its physical id) is the domain name; GetAtt DistributionDomainName,
#   DistributionHostedZoneId, RegionalDomainName and RegionalHostedZoneId are its targets;
# - a domain name that already exists is not taken over: AWS fails the create ("already exists"),
#   where moto's CreateDomainName silently replaces it;
# - a change of DomainName replaces the resource; other changes (the certificate) apply in place;
# - deleting the domain name deletes its base path mappings, as AWS does
#   (https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteDomainName.html).


class _RestDomainConflict(Exception):
    pass


class TsappaRestDomainName(CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_domain"

    def __init__(self, domain: Any):  # type: ignore[no-untyped-def]
        self.domain = domain

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::DomainName"

    @staticmethod
    def cloudformation_name_type() -> str:
        return "DomainName"

    @property
    def physical_resource_id(self) -> str:
        return self.domain.domain_name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("DistributionDomainName", "DistributionHostedZoneId", "RegionalDomainName", "RegionalHostedZoneId")

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        d = self.domain
        return {
            "DistributionDomainName": d.distribution_domain_name,
            "DistributionHostedZoneId": d.distribution_hosted_zone_id,
            "RegionalDomainName": d.regional_domain_name,
            "RegionalHostedZoneId": d.regional_hosted_zone_id,
        }[attribute_name]

    @staticmethod
    def _apply(domain: Any, p: dict) -> None:  # type: ignore[type-arg]
        domain.certificate_arn = p.get("CertificateArn")
        domain.regional_certificate_arn = p.get("RegionalCertificateArn")
        domain.security_policy = p.get("SecurityPolicy")
        domain.endpoint_configuration = {"types": (p.get("EndpointConfiguration") or {}).get("Types") or ["EDGE"]}

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        backend = apigateway_backends[account_id][region_name]
        if p["DomainName"] in backend.domain_names:
            raise _RestDomainConflict(f"{p['DomainName']} already exists in stack")
        domain = backend.create_domain_name(
            domain_name=p["DomainName"], certificate_name=None, tags=None, certificate_arn=p.get("CertificateArn"), certificate_body=None,
            certificate_private_key=None, certificate_chain=None, regional_certificate_name=None, regional_certificate_arn=p.get("RegionalCertificateArn"),
            endpoint_configuration=None, security_policy=p.get("SecurityPolicy"),
        )
        cls._apply(domain, p)
        return cls(domain)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        if p["DomainName"] == original_resource.domain.domain_name:
            cls._apply(original_resource.domain, p)
            return original_resource
        created = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        original_resource.delete(account_id, region_name)
        return created

    def delete(self, account_id: str, region_name: str) -> None:
        backend = apigateway_backends[account_id][region_name]
        backend.domain_names.pop(self.domain.domain_name, None)
        backend.base_path_mappings.pop(self.domain.domain_name, None)


class TsappaRestBasePathMapping(CloudFormationModel):
    __module__ = "moto.apigateway.tsappa_domain"

    def __init__(self, domain_name: str, base_path: str):
        self.domain_name = domain_name
        self.base_path = base_path

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::BasePathMapping"

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @property
    def physical_resource_id(self) -> str:
        return f"{self.domain_name}/{self.base_path}"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        p = cloudformation_json["Properties"]
        mapping = apigateway_backends[account_id][region_name].create_base_path_mapping(p["DomainName"], p["RestApiId"], p.get("BasePath") or "", p.get("Stage"))
        return cls(p["DomainName"], mapping.base_path)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[no-untyped-def]
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        (apigateway_backends[account_id][region_name].base_path_mappings.get(self.domain_name) or {}).pop(self.base_path, None)


# 74. a resource's DependsOn is created first, also when another resource's Ref creates it
# moto creates a stack's resources in DependsOn order, but a Ref or GetAtt to a resource not
# created yet creates it on the spot, without its DependsOn: a REST API's base path mapping (patch
# 73) refers to the stage, the stage to the deployment, and the deployment then came before the
# methods it DependsOn ("The REST API doesn't contain any methods"). CloudFormation creates a
# resource only after every resource it depends on, by DependsOn or by reference
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).

_getitem_before_74 = ResourceMap.__getitem__


def _getitem_after_depends_on(self, key):  # type: ignore[no-untyped-def]
    parsed = getattr(self, "_parsed_resources", {})
    resources = getattr(self, "_resource_json_map", None) or {}
    resource_json = resources.get(key) if key not in parsed else None
    if isinstance(resource_json, dict) and "DependsOn" in resource_json:
        depends_on = resource_json["DependsOn"]
        for dependency in [depends_on] if isinstance(depends_on, str) else depends_on:
            if dependency not in parsed and dependency in resources:
                self[dependency]
    return _getitem_before_74(self, key)


ResourceMap.__getitem__ = _getitem_after_depends_on  # type: ignore[method-assign]


# 75. an integration's response transfer mode (REST API response streaming)
# moto's integrations have no responseTransferMode. API Gateway holds BUFFERED (its default) or
# STREAM for each integration, from AWS::ApiGateway::Method's Integration.ResponseTransferMode (patch
# 11 above) or PutIntegration's responseTransferMode, and returns it with the integration
# (https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html,
# https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html).

from moto.apigateway.models import Integration as _ApiIntegration  # noqa: E402
from moto.apigateway.responses import APIGatewayResponse as _ApiGatewayResponse  # noqa: E402

_integration_to_json_before_75 = _ApiIntegration.to_json


def _integration_to_json(self):  # type: ignore[no-untyped-def]
    return {**_integration_to_json_before_75(self), "responseTransferMode": getattr(self, "response_transfer_mode", "BUFFERED")}


_ApiIntegration.to_json = _integration_to_json  # type: ignore[method-assign]

_put_integration_before_75 = _ApiGatewayResponse.put_integration


def _put_integration(self):  # type: ignore[no-untyped-def]
    status, headers, _ = _put_integration_before_75(self)
    parts = self.path.split("/")
    integration = self.backend.get_integration(parts[2], parts[4], parts[6])
    integration.response_transfer_mode = self._get_param("responseTransferMode") or "BUFFERED"
    return status, headers, json.dumps(integration.to_json())


_ApiGatewayResponse.put_integration = _put_integration  # type: ignore[method-assign]
