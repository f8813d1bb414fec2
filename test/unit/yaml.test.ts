import { describe, expect, it } from 'vitest';
import { parseYamlDocuments, resolvesToNonString, toYaml, yamlKeyLess, YamlSyntaxError } from '../../src/printers/yaml.js';

// Expected texts below are the exact bytes printed by kubectl v1.32
// (`kubectl label --local -f FILE zz=1 -o yaml`).
const CONFIGMAP_JSON = "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"A\": \"x\",\n        \"a10\": \"x\",\n        \"a9\": \"x\",\n        \"aB\": \"x\",\n        \"a_\": \"x\",\n        \"at\": \"@at\",\n        \"baddate\": \"2024-02-30\",\n        \"bom\": \"\ufeffx\",\n        \"bracket\": \"[x]\",\n        \"colon\": \"a: b\",\n        \"dash\": \"- x\",\n        \"date\": \"2024-01-01\",\n        \"dq\": \"a\\\"b\\\\c\",\n        \"emoji\": \"\ud83d\ude00\",\n        \"empty\": \"\",\n        \"exp\": \"1e3\",\n        \"hash\": \"a#b\",\n        \"hashsp\": \"a #b\",\n        \"hex\": \"0x1F\",\n        \"lead\": \" lead\",\n        \"long\": \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt\",\n        \"longdq\": \"\\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt\",\n        \"longq\": \"'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt\",\n        \"ml\": \"line1\\nline2\",\n        \"mlindent\": \"  indented\\nline\",\n        \"mlkeep\": \"line1\\n\\n\",\n        \"mlnl\": \"line1\\nline2\\n\",\n        \"mlspace\": \"a \\nb\",\n        \"nullv\": \"NULL\",\n        \"octal\": \"0777\",\n        \"quote\": \"it's\",\n        \"sexa\": \"1:20\",\n        \"tab\": \"a\\tb\",\n        \"tilde\": \"~\",\n        \"trail\": \"trail \",\n        \"true\": \"On\",\n        \"ts\": \"2024-01-01T00:00:00Z\",\n        \"uni\": \"h\u00e9llo\",\n        \"ver\": \"1.2.3\"\n    },\n    \"kind\": \"ConfigMap\",\n    \"metadata\": {\n        \"labels\": {\n            \"zz\": \"1\"\n        },\n        \"name\": \"edge\"\n    }\n}\n";
const CONFIGMAP_YAML = "apiVersion: v1\ndata:\n  A: x\n  a_: x\n  a9: x\n  a10: x\n  aB: x\n  at: '@at'\n  baddate: 2024-02-30\n  bom: \"\\uFEFF\\x78\"\n  bracket: '[x]'\n  colon: 'a: b'\n  dash: '- x'\n  date: \"2024-01-01\"\n  dq: a\"b\\c\n  emoji: \"\\U0001F600\"\n  empty: \"\"\n  exp: \"1e3\"\n  hash: a#b\n  hashsp: 'a #b'\n  hex: \"0x1F\"\n  lead: ' lead'\n  long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo\n    pppp qqqq rrrr ssss tttt\n  longdq: \"\\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\n    oooo pppp qqqq rrrr ssss tttt\"\n  longq: '''aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\n    oooo pppp qqqq rrrr ssss tttt'\n  ml: |-\n    line1\n    line2\n  mlindent: |2-\n      indented\n    line\n  mlkeep: |+\n    line1\n\n  mlnl: |\n    line1\n    line2\n  mlspace: \"a \\nb\"\n  nullv: \"NULL\"\n  octal: \"0777\"\n  quote: it's\n  sexa: \"1:20\"\n  tab: \"a\\tb\"\n  tilde: \"~\"\n  trail: 'trail '\n  \"true\": \"On\"\n  ts: \"2024-01-01T00:00:00Z\"\n  uni: h\u00e9llo\n  ver: 1.2.3\nkind: ConfigMap\nmetadata:\n  labels:\n    zz: \"1\"\n  name: edge\n";
const NUMBERS_JSON = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"annotations\": {\n            \"c\": \"a\\bb\\fc\\u0001de\\u0000\\u003c\\u0026\\u003e\\u2028\"\n        },\n        \"labels\": {\n            \"zz\": \"1\"\n        },\n        \"name\": \"p\"\n    },\n    \"spec\": {\n        \"containers\": [\n            {\n                \"image\": \"i\",\n                \"name\": \"c\",\n                \"ports\": []\n            }\n        ],\n        \"x\": {\n            \"e\": {},\n            \"f1\": 0.5,\n            \"f10\": 12345678901234567000,\n            \"f2\": 1e-7,\n            \"f3\": 1234567.5,\n            \"f4\": 1e+21,\n            \"f5\": 100000000000000000000,\n            \"f6\": 0.00001,\n            \"f7\": -0,\n            \"f8\": 100000000,\n            \"f9\": 1,\n            \"l\": [],\n            \"ml\": [\n                \"a\\nb\",\n                {\n                    \"k\": \"v\",\n                    \"k2\": [\n                        1\n                    ]\n                }\n            ],\n            \"n\": null,\n            \"nested\": [\n                [\n                    1,\n                    2\n                ],\n                []\n            ],\n            \"t\": true\n        }\n    }\n}\n";
const NUMBERS_YAML = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    c: \"a\\bb\\fc\\x01de\\0<&>\\L\"\n  labels:\n    zz: \"1\"\n  name: p\nspec:\n  containers:\n  - image: i\n    name: c\n    ports: []\n  x:\n    e: {}\n    f1: 0.5\n    f2: 1e-07\n    f3: 1.2345675e+06\n    f4: 1e+21\n    f5: 1e+20\n    f6: 1e-05\n    f7: 0\n    f8: 100000000\n    f9: 1\n    f10: 12345678901234567000\n    l: []\n    ml:\n    - |-\n      a\n      b\n    - k: v\n      k2:\n      - 1\n    \"n\": null\n    nested:\n    - - 1\n      - 2\n    - []\n    t: true\n";

describe('toYaml', () => {
  it('quotes, block scalars, folding and key order like kubectl', () => {
    expect(toYaml(JSON.parse(CONFIGMAP_JSON))).toBe(CONFIGMAP_YAML);
  });

  it('numbers, empty collections, nested sequences like kubectl', () => {
    expect(toYaml(JSON.parse(NUMBERS_JSON))).toBe(NUMBERS_YAML);
  });

  it('prints sequences unindented under their key', () => {
    expect(toYaml({ spec: { containers: [{ name: 'x', ports: [{ containerPort: 80 }] }] } })).toBe(
      'spec:\n  containers:\n  - name: x\n    ports:\n    - containerPort: 80\n',
    );
  });

  it('prints empty root collections in flow style', () => {
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml({ items: [] })).toBe('items: []\n');
  });

  it('uses the complex key form for keys longer than 128 bytes', () => {
    const key = 'k'.repeat(130);
    expect(toYaml({ [key]: 'v' })).toBe(`? ${key}\n: v\n`);
  });
});

describe('go-yaml helpers', () => {
  it('orders keys like go-yaml (non-letters first, numbers numerically)', () => {
    const keys = ['a10', 'a9', 'aB', 'ab', 'a_', 'A', 'a~', 'a1', 'a01', '<<'];
    expect(keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0))).toEqual([
      '<<', 'A', 'a_', 'a~', 'a1', 'a01', 'a9', 'a10', 'aB', 'ab',
    ]);
  });

  it('detects strings that would not read back as strings', () => {
    for (const s of ['0x1F', '1e3', '0777', 'yes', 'On', '~', '', 'null', '2024-01-01', '1_000', '.5', '-.inf', '+1', '0b101', '0o17']) {
      expect(resolvesToNonString(s), s).toBe(true);
    }
    for (const s of ['e3', '1.2.3', 'x', '2024-02-30', '.', '-', '<<', 'nope', '0x']) {
      expect(resolvesToNonString(s), s).toBe(false);
    }
  });
});

describe('parseYamlDocuments', () => {
  it('splits documents, skips empty ones, reads YAML 1.1 scalars like go-yaml', () => {
    const docs = parseYamlDocuments('a: yes\ny: 1\nt: 2024-01-01\ns: 1:20\no: 0777\n---\n# only a comment\n---\nb: {c: [1, on]}\n');
    expect(docs).toEqual([{ a: true, true: 1, t: '2024-01-01', s: '1:20', o: 511 }, { b: { c: [1, true] } }]);
  });

  it('supports merge keys and flow style', () => {
    expect(parseYamlDocuments('base: &b {x: 1}\nd:\n  <<: *b\n  z: 2\n')).toEqual([{ base: { x: 1 }, d: { x: 1, z: 2 } }]);
  });

  it('reports syntax errors with the line inside the document', () => {
    try {
      parseYamlDocuments('a: 1\n---\nkind: x\nb: c: d\n');
      expect.fail('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(YamlSyntaxError);
      const err = e as YamlSyntaxError;
      expect(err.line).toBe(2);
      expect(err.documentIndex).toBe(1);
      expect(err.absoluteLine).toBe(4);
    }
  });
});
