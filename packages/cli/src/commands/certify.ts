import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { certifyStage } from '../deploy/certify.js';
import { stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface CertifyArgs extends GlobalOptions {
  stage?: string;
}

export function certifyCommand(makeContext: MakeContext): CommandModule<GlobalOptions, CertifyArgs> {
  return {
    command: 'certify [stage]',
    describe: 'Create or update the custom domain, its base path (API) mapping and DNS record (and the certificate with certificate: "auto"); asks unless --yes',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example('$0 certify prod', 'set up the domain of prod after confirming')
        .example('$0 certify prod --yes', 'the same without a prompt')
        .example('$0 certify api --yes --json', 'an apiType "http" stage: its REGIONAL domain name, the mapping of its $default stage, the alias; as JSON')
        .epilogue(
          'Settings: "domain", and "certificateArn" (in us-east-1 for EDGE, the stage\'s region for REGIONAL) or "certificate": "auto" with "hostedZoneId". ' +
            'An EDGE domain whose certificate is not in us-east-1 is refused. ' +
            'The stage\'s stack creates the domain name itself: certify sets up only a domain name the stack holds, and before that creates nothing and says to run "tsappa update <stage>" first. ' +
            'apiType "http": a REGIONAL (TLS 1.2) API Gateway v2 domain name with the certificate in the stage\'s region, the API mapping of the HTTP API\'s $default stage under "basePath", and the alias record; ' +
            'it reconciles what the stack or an earlier run made (a mapping of the API under an earlier basePath moves; other APIs\' mappings stay). ' +
            'apiType "url" has no custom domain (a Function URL): put CloudFront in front of it. DNS changes can take up to 40 minutes to propagate.',
        ) as Argv<CertifyArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const result = await certifyStage(ctx, stageClients(settings), settings);
      ctx.output.success(`${result.domain} now serves stage ${result.stage} at base path ${result.basePath}`);
      ctx.output.info(result.endpoint === 'EDGE' ? 'DNS and the CloudFront distribution can take up to 40 minutes to propagate.' : 'DNS changes can take up to 40 minutes to propagate.');
      ctx.output.result(result, () =>
        [
          `Domain:  https://${result.domain}${result.basePath === '/' ? '' : `/${result.basePath}`}`,
          `Target:  ${result.targetName}${result.targetHostedZoneId ? ` (hosted zone ${result.targetHostedZoneId})` : ''}`,
          result.dnsRecord ? `DNS:     A alias ${result.dnsRecord.name} in ${result.dnsRecord.hostedZoneId}` : `DNS:     point ${result.domain} at ${result.targetName}`,
          'Propagation takes up to 40 minutes.',
        ].join('\n'),
      );
    },
  };
}
