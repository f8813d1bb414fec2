import { describe, expect, it } from 'vitest';
import {
  evaluateJsonPathValues,
  executeJsonPath,
  goSprint,
  jsonPathExecutionErrorMessage,
  jsonPathParseErrorMessage,
  JsonPathError,
  relaxedJsonPathExpression,
} from '../../src/printers/jsonpath.js';

// The pod as kubectl hands it to the jsonpath engine (`kubectl label --local -f pod.yaml zz=1 -o json`).
const POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": null, "labels": {"a": "1", "b": "2", "zz": "1"}, "name": "nginx"}, "spec": {"containers": [{"image": "nginx:1.25", "name": "c1", "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}], "resources": {"requests": {"cpu": "100m"}}}, {"image": "busybox", "name": "c2"}]}, "status": {"big": 1000000.5, "conditions": [{"status": "True", "type": "Ready"}, {"status": "False", "type": "Initialized"}], "f": 1.5}};

// [template, exact output of `kubectl label --local -f pod.yaml zz=1 -o jsonpath=TEMPLATE`] (kubectl v1.32)
const OUTPUTS: [string, string][] = [
  ["{.metadata.name}", "nginx"],
  ["{$.metadata.name}", "nginx"],
  ["{@.metadata.name}", "nginx"],
  ["{.spec.containers[*].name}", "c1 c2"],
  ["{.spec.containers[0].ports[*].containerPort}", "80 443"],
  ["{.spec.containers[-1].name}", "c2"],
  ["{.spec.containers[0:1].name}", "c1"],
  ["{.spec.containers[:1].name}", "c1"],
  ["{.spec.containers[1:].name}", "c2"],
  ["{.spec.containers[::2].name}", "c1"],
  ["{.spec.containers[0:2:1].image}", "nginx:1.25 busybox"],
  ["{.spec.containers[*]['name','image']}", "c1 c2 nginx:1.25 busybox"],
  ["{.spec.containers[0,1].name}", "c1 c2"],
  ["{.spec.containers[?(@.name==\"c2\")].image}", "busybox"],
  ["{.spec.containers[?(@.name!=\"c2\")].image}", "nginx:1.25"],
  ["{.spec.containers[?(@.image)].name}", "c1 c2"],
  ["{.spec.containers[?(@.resources.requests.cpu)].name}", "c1"],
  ["{.spec.containers[0].ports[?(@.containerPort>100)].containerPort}", "443"],
  ["{.spec.containers[0].ports[?(@.containerPort<=80)].containerPort}", "80"],
  ["{.spec.containers[0].ports[?(@.containerPort>=443)].containerPort}", "443"],
  ["{.spec.containers[0].ports[?(@.containerPort<443)].containerPort}", "80"],
  ["{.spec.containers[0].ports[?(@.name=='http')].containerPort}", "80"],
  ["{.status.conditions[?(@.type==\"Ready\")].status}", "True"],
  ["{range .spec.containers[*]}{.name}{\"\\t\"}{.image}{\"\\n\"}{end}", "c1\tnginx:1.25\nc2\tbusybox\n"],
  ["{range .spec.containers[*]}[{.name}]{end}after", "[c1][c2]after"],
  ["{range .spec.missing[*]}{.name}{end}x", "x"],
  ["{range .spec.containers[*]}{range .ports[*]}{.containerPort},{end};{end}", "80,443,;;"],
  ["{.metadata.labels}", "{\"a\":\"1\",\"b\":\"2\",\"zz\":\"1\"}"],
  ["{.spec.containers[0]}", "{\"image\":\"nginx:1.25\",\"name\":\"c1\",\"ports\":[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443}],\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}"],
  ["{..containerPort}", "80 443"],
  ["{.metadata['name']}", "nginx"],
  ["{.nothing}", ""],
  ["{.metadata.nothing.deeper}", ""],
  ["{\"literal\"}", "literal"],
  ["{'single \\' quote'}", "single ' quote"],
  ["{\"tab\\tx\\u00e9\\x41\"}", "tab\tx\u00e9A"],
  ["{.spec.containers[1:1]}", ""],
  ["{.status.f}", "1.5"],
  ["{.status.big}", "1.0000005e+06"],
  ["{.kind}{.apiVersion} and text {.metadata.name}", "Podv1 and text nginx"],
  ["no actions", "no actions"],
  ["{.spec.containers[?(@.name==\"c1\")].ports[?(@.name==\"http\")].containerPort}", "80"],
  ["{.spec.containers[*].ports[*].containerPort}", "80 443"],
  ["{.spec.containers[0].ports[?(@.containerPort==@.containerPort)].containerPort}", "80 443"],
  ["{ .metadata.name }", "nginx"],
  ["{.metadata.name}{\"\\n\"}", "nginx\n"],
  ["{.spec.containers[*].ports}", "[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":443}]"],
  ["{range .spec.containers[*]}{.name}", "c1c2"],
  ["{.metadata.annotations}", ""],
  ["{.metadata.creationTimestamp}", "null"],
  ["{.spec.containers[?(@.name>\"c1\")].name}", "c2"],
  ["{.spec.containers[0].ports[0].containerPort}{.spec.containers[0].ports[0].containerPort}", "8080"],
  ["{.status.conditions[?(@.type)].type}", "Ready Initialized"],
  ["{.spec.containers[0].ports[?(@.containerPort>-1)].name}", "http"],
  ["{.spec.containers[0].ports[?(@.containerPort==+80)].name}", "http"],
  ["{.spec.containers[0].ports[?(@.name)].containerPort}", "80"],
  ["{.spec.containers[0].ports[?(@.x==\"y\")].containerPort}", ""],
  ["{.spec.containers[?(@.name==\"c1\" )].image}", "nginx:1.25"],
  ["{.spec.containers[0 , 1].name}", "c1 c2"],
  ["{.spec.containers[0]['image']}", "nginx:1.25"],
  ["{.status.f}{.status.f}", "1.51.5"],
  ["{range .status.conditions[*]}{@.type}={@.status} {end}", "Ready=True Initialized=False "],
  ["{.spec.containers[?(@.name==\"c\\\"1\")].image}", ""],
];

// [template, parse|exec, kubectl's message (parse: whole message; exec: the engine error)]
const ERRORS: [string, string, string][] = [
  ["{.spec.containers[0].ports[?(@.containerPort==80.0)].containerPort}", "exec", "incompatible types for comparison"],
  ["{.spec.containers[5]}", "exec", "array index out of bounds: index 5, length 2"],
  ["{.spec.containers[-5]}", "exec", "array index out of bounds: index -3, length 2"],
  ["{.spec.containers[2:1]}", "exec", "array index out of bounds: index 2, length 2"],
  ["{.spec.containers[::0]}", "exec", "step must be > 0"],
  ["{.metadata.name[0]}", "exec", "string is not array or slice"],
  ["{.metadata[0]}", "exec", "map[string]interface {} is not array or slice"],
  ["{.metadata[?(@.x)]}", "exec", "map[creationTimestamp:<nil> labels:map[a:1 b:2 zz:1] name:nginx] is not array or slice and cannot be filtered"],
  ["{.metadata.name, unclosed", "parse", "error parsing jsonpath {.metadata.name, unclosed, unrecognized character in action: U+002C ','\n"],
  ["{.a[}", "parse", "error parsing jsonpath {.a[}, unterminated array\n"],
  ["{.a[?(@.x==1)}", "parse", "error parsing jsonpath {.a[?(@.x==1)}, unclosed array expect ]\n"],
  ["{end}", "exec", "not in range, nothing to end"],
  ["{foo}", "exec", "unrecognized identifier foo"],
  ["{.a}{\"x}", "parse", "error parsing jsonpath {.a}{\"x}, unterminated quoted string\n"],
  ["{.spec.containers[a]}", "parse", "error parsing jsonpath {.spec.containers[a]}, invalid array index a\n"],
  ["{.spec.containers[1.5]}", "parse", "error parsing jsonpath {.spec.containers[1.5]}, invalid array index 1.5\n"],
  ["{.spec.containers[0].ports[?(@.containerPort==\"80\")].containerPort}", "exec", "incompatible types for comparison"],
  ["{.spec.containers[?(@.ports[*].containerPort==80)].name}", "exec", "can only compare one element at a time"],
  ["{.status.conditions[?(@.status==true)].type}", "exec", "incompatible types for comparison"],
  ["{#}", "parse", "error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'\n"],
  ["{....a}", "parse", "error parsing jsonpath {....a}, invalid multiple recursive descent\n"],
  ["{.spec.containers[0].ports[?(@.containerPort>80.5)].containerPort}", "exec", "incompatible types for comparison"],
  ["{[0]}", "exec", "map[string]interface {} is not array or slice"],
  ["{.spec.containers[*].name}{end}", "exec", "not in range, nothing to end"],
  ["{.spec.containers[?(@.name==c1)].image}", "exec", "unrecognized identifier c1"],
  ["{.spec.containers[ 0 ].name}", "parse", "error parsing jsonpath {.spec.containers[ 0 ].name}, invalid array index  0 \n"],
];

function run(t: string): string {
  return executeJsonPath(t, POD, { allowMissingKeys: true });
}

describe('executeJsonPath (oracle outputs)', () => {
  it.each(OUTPUTS)('%s', (template, expected) => {
    expect(run(template)).toBe(expected);
  });
});

describe('jsonpath errors (oracle texts)', () => {
  it.each(ERRORS)('%s', (template, kind, expected) => {
    let err: unknown;
    try {
      run(template);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonPathError);
    const e = err as JsonPathError;
    if (kind === 'parse') expect(jsonPathParseErrorMessage(template, e)).toBe(expected);
    else expect(e.message).toBe(expected);
  });

  it('formats the execution error like kubectl', () => {
    const msg = jsonPathExecutionErrorMessage('{.a[1]}', new JsonPathError('boom'), { a: [1], m: { k: null, f: 1.5 } });
    expect(msg).toBe(
      'error executing jsonpath "{.a[1]}": Error executing template: boom. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.a[1]}\n' +
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"a":[]interface {}{1}, "m":map[string]interface {}{"f":1.5, "k":interface {}(nil)}}\n\n\n',
    );
  });
});

describe('jsonpath helpers', () => {
  it('reports missing keys when not allowed', () => {
    expect(() => executeJsonPath('{.nothing}', POD, { allowMissingKeys: false })).toThrow('nothing is not found');
  });

  it('returns result groups per action', () => {
    expect(evaluateJsonPathValues('{.spec.containers[*].name}{.kind}', POD)).toEqual([['c1', 'c2'], ['Pod']]);
  });

  it('prints values like Go fmt.Sprint', () => {
    expect(goSprint({ b: [1, 'x'], a: null })).toBe('map[a:<nil> b:[1 x]]');
    expect(goSprint(1000000.5)).toBe('1.0000005e+06');
  });

  it('relaxes paths like kubectl', () => {
    expect(relaxedJsonPathExpression('metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('.metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{metadata.name}')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{.metadata.name}')).toBe('{.metadata.name}');
    expect(() => relaxedJsonPathExpression('{a}{b}')).toThrow(/unexpected path string/);
  });
});
