import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { readManifests } from '../src/client/manifests.js';
import { placeInNamespace, resourceOrFail } from '../src/client/apply.js';
import { editError, editHeader, editPatch, forEditing, hasLines, manualStrip, updateApplyAnnotation, type EditReason } from '../src/client/edit.js';
import { qualifiedKind, qualifiedResource, type ResourceInfo } from '../src/apiserver/resources.js';
import { StatusError } from '../src/apiserver/errors.js';
import { toYaml } from '../src/printers/yaml.js';
import { toJson } from '../src/printers/json.js';
import type { KObject } from '../src/types/k8s.js';

interface Target {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
}

/** A failure that ends the edit after the edited file was kept (kubectl's preservedFile). */
class Preserved extends ClientError {}

export default class Edit extends KubeCommand {
  static override summary = 'Edit a resource on the server';
  static override examples = ['kubectl edit svc/registry', 'KUBE_EDITOR="nano" kubectl edit svc/registry', 'kubectl edit deployment/mydeployment -o yaml --save-config'];
  static override args = { resources: Args.string({ description: '(TYPE NAME | TYPE/NAME)' }) };
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files to use to edit the resource' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process the kustomization directory' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml)' }),
    'output-patch': Flags.boolean({ description: 'Output the patch if the resource is edited.' }),
    'windows-line-endings': Flags.boolean({ description: 'Defaults to the line ending native to your platform.' }),
    'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation.' }),
    validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false).' }),
    subresource: Flags.string({ description: 'If specified, edit will operate on the subresource of the requested object.' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership.' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' }),
    template: Flags.string({ description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' }),
    record: Flags.boolean({ description: 'Record current kubectl command in the resource annotation.' }),
  };

  async run(): Promise<void> {
    if (this.flag('kustomize')) throw new ClientError('edit -k is not supported by kubesim yet');
    if (this.flag('subresource')) throw new ClientError('edit --subresource is not supported by kubesim yet');
    if (this.flag('windows-line-endings')) throw new ClientError('edit --windows-line-endings is not supported by kubesim yet');
    if (this.flag('record')) throw new ClientError('edit --record is not supported by kubesim yet');
    if (this.flag('show-managed-fields')) throw new ClientError('edit --show-managed-fields is not supported by kubesim yet');
    const output = this.flag<string | undefined>('output') ?? 'yaml';
    if (output !== 'yaml' && output !== 'json') throw new ClientError(`the flag 'output' must be one of yaml|json`);
    const files = this.flag<string[]>('filename') ?? [];
    if (this.args.length === 0 && files.length === 0) {
      throw new ClientError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const manifests = files.length ? await readManifests(files, { recursive: this.flag('recursive') }) : [];

    // GET what is to be edited.
    const fetched = await this.cluster((s, k) => {
      const targets: Target[] = [];
      for (const m of manifests) {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        placeInNamespace(m.object, r, k.namespace, !!this.flag('namespace'));
        targets.push({ resource: r, namespace: m.object.metadata.namespace, name: m.object.metadata.name ?? '' });
      }
      for (const { resource, names } of this.args.length ? parseResourceArgs(this.args).requests : []) {
        if (names.length === 0) throw new ClientError('editing every object of a type is not supported by kubesim yet');
        for (const name of names) targets.push({ resource, namespace: resource.namespaced ? k.namespace : undefined, name });
      }
      return targets.map((t) => ({ target: t, object: forEditing(s.api.get(t.resource, t.namespace, t.name)) }));
    });
    if (fetched.length !== 1) throw new ClientError('editing several objects at once is not supported by kubesim yet');
    const { target, object } = fetched[0]!;
    const render = (o: KObject) => (output === 'json' ? toJson(o) : toYaml(o));
    const originalText = render(object);
    const parse = async (text: string): Promise<unknown> => {
      const { parseYamlDocuments } = await import('../src/printers/yaml.js');
      return parseYamlDocuments(text).find((d) => d !== null && d !== undefined);
    };
    // cmdutil.StripComments: the documents as JSON, else the text without its comment lines.
    const sameContent = async (a: string, b: string): Promise<boolean> => {
      try {
        return JSON.stringify(await parse(a)) === JSON.stringify(await parse(b));
      } catch {
        return manualStrip(a) === manualStrip(b);
      }
    };

    let reasons: EditReason[] = [];
    let containsError = false;
    let original = '';
    let edited = '';
    let file = '';
    try {
      for (;;) {
        const buffer = editHeader(reasons) + (containsError ? manualStrip(edited) : originalText);
        if (!containsError) original = buffer;
        const editedDiff = edited;
        const previous = file;
        ({ edited, file } = this.launchEditor(buffer, output === 'json' ? '.json' : '.yaml', previous));
        if (containsError && (await sameContent(editedDiff, edited))) throw new Preserved('Edit cancelled, no valid changes were saved.');
        if (previous) rmSync(previous, { force: true });
        if (await sameContent(original, edited)) {
          rmSync(file, { force: true });
          this.printErr('Edit cancelled, no changes made.');
          return;
        }
        if (!hasLines(edited)) {
          rmSync(file, { force: true });
          this.printErr('Edit cancelled, saved file was empty.');
          return;
        }
        reasons = [];
        let changed: KObject;
        try {
          changed = (await parse(edited)) as KObject;
          if (!changed || typeof changed !== 'object' || Array.isArray(changed)) throw new Error('Object is not a mapping');
        } catch (e) {
          containsError = true;
          reasons.push({ head: `The edited file had a syntax error: ${(e as Error).message}`, other: [] });
          continue;
        }
        if ((changed as { kind?: string }).kind?.endsWith('List')) throw new Preserved('editing a List in kubectl edit is not supported by kubesim yet');
        if (changed.apiVersion !== object.apiVersion || changed.kind !== object.kind || changed.metadata?.name !== object.metadata.name) {
          throw new Preserved('changing the apiVersion, kind or name in kubectl edit is not supported by kubesim yet');
        }
        if (this.flag('save-config') && !changed.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
          changed.metadata.annotations = { ...(changed.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': 'x' };
        }
        changed = updateApplyAnnotation(changed);
        const kindName = `${qualifiedKind(target.resource)}/${target.name}`;
        const { type, patch } = editPatch(object, changed);
        if (Object.keys(patch).length === 0) {
          rmSync(file, { force: true });
          this.print(`${kindName} skipped\n`);
          return;
        }
        if (this.flag('output-patch')) this.print(`Patch: ${JSON.stringify(patch)}\n`);
        const failure = await this.cluster((s) => {
          try {
            s.api.patch(target.resource, target.namespace, target.name, type, patch);
            this.printWarnings(s.api);
            return undefined;
          } catch (e) {
            if (e instanceof StatusError) return e;
            throw e;
          }
        });
        if (!failure) {
          rmSync(file, { force: true });
          this.print(`${kindName} edited\n`);
          return;
        }
        const err = editError(failure, qualifiedResource(target.resource), target.name);
        this.printErr(err.line);
        if (err.kind === 'notfound') {
          this.printErr(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}`);
          process.exitCode = 1;
          return;
        }
        if (err.kind === 'retryable') {
          this.printErr(`You can run \`kubectl replace -f ${file}\` to try this update again.`);
          process.exitCode = 1;
          return;
        }
        reasons.push(err.reason!);
        containsError = true;
      }
    } catch (e) {
      if (e instanceof Preserved && file) this.printErr(`A copy of your changes has been stored to ${JSON.stringify(file)}`);
      throw e;
    }
  }

  /** Writes the buffer to a temporary file, runs $KUBE_EDITOR / $EDITOR on it, reads it back. */
  private launchEditor(buffer: string, ext: string, previous: string): { edited: string; file: string } {
    const file = join(tmpdir(), `kubectl-edit-${randomBytes(4).readUInt32BE(0)}${ext}`);
    writeFileSync(file, buffer);
    const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
    const args = editor.includes(' ') ? [process.env.SHELL || '/bin/bash', '-c', editor] : [editor];
    const path = resolve(file);
    const argv = args.length > 1 ? [...args.slice(0, -1), `${args[args.length - 1]} ${JSON.stringify(path)}`] : [...args, path];
    this.flushOutput();
    const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      const notFound = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      const text = notFound ? `unable to launch the editor ${JSON.stringify(args.join(' '))}` : `there was a problem with the editor ${JSON.stringify(args.join(' '))}`;
      if (previous) throw new Preserved(text);
      throw new ClientError(text);
    }
    return { edited: readFileSync(file, 'utf8'), file };
  }
}
