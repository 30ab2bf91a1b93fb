"""
moto skips AWS::Lambda::Alias in CloudFormation (the Lambda API itself does create aliases).
The deploy tests need the `live` alias the template declares, so this patch teaches moto's
CloudFormation to create, update and delete it through moto's own Lambda API backend, the way
AWS does. Nothing else of moto changes. Imported by the `moto_server` wrapper next to it.
"""
from typing import Any

from moto.awslambda.models import LambdaVersion, lambda_backends
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
