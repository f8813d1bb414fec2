import { describe, expect, it } from 'vitest';
import { goJsonString, toCompactJson, toJson } from '../../src/printers/json.js';

// Exact bytes of `kubectl label --local -f FILE zz=1 -o json` (kubectl v1.32).
const EXPECTED = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"annotations\": {\n            \"c\": \"a\\bb\\fc\\u0001de\\u0000\\u003c\\u0026\\u003e\\u2028\"\n        },\n        \"labels\": {\n            \"zz\": \"1\"\n        },\n        \"name\": \"p\"\n    },\n    \"spec\": {\n        \"containers\": [\n            {\n                \"image\": \"i\",\n                \"name\": \"c\",\n                \"ports\": []\n            }\n        ],\n        \"x\": {\n            \"e\": {},\n            \"f1\": 0.5,\n            \"f10\": 12345678901234567000,\n            \"f2\": 1e-7,\n            \"f3\": 1234567.5,\n            \"f4\": 1e+21,\n            \"f5\": 100000000000000000000,\n            \"f6\": 0.00001,\n            \"f7\": -0,\n            \"f8\": 100000000,\n            \"f9\": 1,\n            \"l\": [],\n            \"ml\": [\n                \"a\\nb\",\n                {\n                    \"k\": \"v\",\n                    \"k2\": [\n                        1\n                    ]\n                }\n            ],\n            \"n\": null,\n            \"nested\": [\n                [\n                    1,\n                    2\n                ],\n                []\n            ],\n            \"t\": true\n        }\n    }\n}\n";

describe('toJson', () => {
  it('matches kubectl -o json (sorted keys, 4 spaces, Go escaping, numbers)', () => {
    expect(toJson(JSON.parse(EXPECTED))).toBe(EXPECTED);
  });

  it('sorts keys bytewise', () => {
    expect(toJson({ b: 1, B: 2, a: { '<<': 'x', A: [] } })).toBe(
      '{\n    "B": 2,\n    "a": {\n        "\\u003c\\u003c": "x",\n        "A": []\n    },\n    "b": 1\n}\n',
    );
  });

  it('escapes like Go', () => {
    expect(goJsonString('<a>&\u2028\b\f\u0001\u007f')).toBe('"\\u003ca\\u003e\\u0026\\u2028\\b\\f\\u0001\u007f"');
  });

  it('prints compact JSON for jsonpath', () => {
    expect(toCompactJson({ b: [1, 'x'], a: {} })).toBe('{"a":{},"b":[1,"x"]}');
  });
});
