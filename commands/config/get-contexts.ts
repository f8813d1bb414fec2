import { Flags } from '../../src/client/oclif.js';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';
import { formatTable } from '../../src/printers/tabwriter.js';

export default class ConfigGetContexts extends ConfigCommand {
  static override summary = 'Describe one or many contexts';
  static override examples = ['kubectl config get-contexts', 'kubectl config get-contexts my-context'];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Output format. One of: (name)' }),
    'no-headers': Flags.boolean({ description: "When using the default or custom-column output format, don't print headers" }),
  };

  async run(): Promise<void> {
    const output = this.flag<string | undefined>('output');
    if (output !== undefined && output !== 'name') throw new ClientError(`output must be one of '' or 'name': ${output}`);
    const set = await this.configSet();
    const all = set.names('contexts').sort();
    const wanted = this.args.length ? this.args : all;
    const current = set.currentContext();
    const rows: string[][] = [];
    const missing: string[] = [];
    for (const name of wanted) {
      const ctx = set.get('contexts', name);
      if (!ctx) {
        missing.push(name);
        continue;
      }
      if (output === 'name') rows.push([name]);
      else rows.push([name === current ? '*' : '', name, String(ctx.cluster ?? ''), String(ctx.user ?? ''), String(ctx.namespace ?? '')]);
    }
    if (output === 'name') this.print(rows.map((r) => `${r[0]}\n`).join(''));
    else {
      const header = this.flag('no-headers') ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      this.print(formatTable([...header, ...rows]));
    }
    if (missing.length) {
      for (const m of missing) this.printErr(`error: context ${m} not found`);
      process.exitCode = 1;
    }
  }
}
