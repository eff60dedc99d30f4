import Testing
import YAMLLite

@Suite struct BlockScalarTests {
    @Test(arguments: [
        ("a: |\n  x\n  y\n", #"{"a": "x\ny\n"}"#),
        ("a: |-\n  x\n  y\n", #"{"a": "x\ny"}"#),
        ("a: |+\n  x\n\n\nb: c", #"{"a": "x\n\n\n", "b": "c"}"#),
        ("a: |\n  x\n\n\nb: c", #"{"a": "x\n", "b": "c"}"#),
        ("a: |-\n  x\n\n\nb: c", #"{"a": "x", "b": "c"}"#),
        ("a: |\n  x\n\n  y\n", #"{"a": "x\n\ny\n"}"#),
        ("a: |\n  x\n    indented\n  y", #"{"a": "x\n  indented\ny"}"#),
        ("a: |\n\n  x\n", #"{"a": "\nx\n"}"#),
        ("a: | # header comment\n  x\n", #"{"a": "x\n"}"#),
        ("a: |\n  x\n  # not a comment\n# a comment\nb: c", #"{"a": "x\n# not a comment\n", "b": "c"}"#),
        ("a: |\nb: c", #"{"a": "", "b": "c"}"#),
        ("a: |+\n\nb: c", #"{"a": "\n", "b": "c"}"#),
        ("a: |-\n", #"{"a": ""}"#),
        ("a: |\n  x", #"{"a": "x"}"#),
        ("a: |\n  \tx\n", #"{"a": "\tx\n"}"#),
        ("a: |\n  x\n    \n  y\n", #"{"a": "x\n  \ny\n"}"#),
        ("a: |2\n    x\n  y\n", #"{"a": "  x\ny\n"}"#),
        ("a: |2-\n   x\n", #"{"a": " x"}"#),
        ("a: |-2\n   x\n", #"{"a": " x"}"#),
        ("a: |+1\n  x\n\n", #"{"a": " x\n\n"}"#),
        ("- |1\n  explicit\n- |\n detected\n", #"[" explicit\n", "detected\n"]"#),
        ("- a: |2\n      x\n  b: c", #"[{"a": "  x\n", "b": "c"}]"#),
        ("a:\n  - |\n    one\n    two\n  - b", #"{"a": ["one\ntwo\n", "b"]}"#),
        ("|\n  top\n  level\n", #""top\nlevel\n""#),
        ("a: >\n  one\n  two\n\n  three\n", #"{"a": "one two\nthree\n"}"#),
        ("a: >-\n  one\n  two\n", #"{"a": "one two"}"#),
        ("a: >\n  one\n    indented\n  two\n", #"{"a": "one\n  indented\ntwo\n"}"#),
        ("a: >\n  one\n\n    indented\n\n  two\n", #"{"a": "one\n\n  indented\n\ntwo\n"}"#),
        ("a: >+\n  one\n\n", #"{"a": "one\n\n"}"#),
        ("a: >\n\n  leading\n", #"{"a": "\nleading\n"}"#),
        (">\n\n folded\n line\n\n next\n line\n   * bullet\n\n   * list\n   * lines\n\n last\n line\n\n# Comment\n",
         #""\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n""#),
        ("a: |\n  x\r\n  y\r\n", #"{"a": "x\ny\n"}"#),
    ])
    func parsesBlockScalar(yaml: String, expected: String) throws {
        #expect(dump(try parse(yaml)) == expected)
    }
}
