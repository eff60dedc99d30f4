import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitGolden

@Suite("GoldenFile")
struct GoldenFileTests {
    static func parse(_ text: String) throws(Diagnostic) -> GoldenFile {
        try GoldenFile.parse(SourceFile(path: "golden/s/t.golden", text: text), suite: "s", target: "t")
    }

    @Test func rendersTheDocumentedFormat() {
        let file = GoldenFile(suite: "next-number", target: "tuned", model: "tunedModels/next-number-abc", entries: [
            GoldenFile.Entry(id: "digits-1", prompt: "1", output: "2"),
            GoldenFile.Entry(id: "words", prompt: "ninety nine", output: "one hundred"),
            GoldenFile.Entry(id: "multi", prompt: "a: b", output: "line 1\nline 2\n"),
            GoldenFile.Entry(id: "bare", output: ""),
        ])
        #expect(file.render() == """
            # Golden outputs of suite next-number, target tuned. Written by evals; review changes like code.
            model: tunedModels/next-number-abc
            cases:
              digits-1:
                prompt: "1"
                output: "2"
              words:
                prompt: ninety nine
                output: one hundred
              multi:
                prompt: "a: b"
                output: |
                  line 1
                  line 2
              bare:
                output: ""

            """)
    }

    @Test func anEmptyFileWithoutModelRoundTrips() throws {
        let file = GoldenFile(suite: "s", target: "t")
        #expect(file.render() == """
            # Golden outputs of suite s, target t. Written by evals; review changes like code.
            cases: {}

            """)
        #expect(try Self.parse(file.render()) == file)
    }

    @Test func parsesCasesInFileOrder() throws {
        let file = try Self.parse("""
            # a hand-written golden file
            model: m
            cases:
              b:
                output: "2"
              a:
                prompt: one
                output: |
                  x
                  y

            """)
        #expect(file == GoldenFile(suite: "s", target: "t", model: "m", entries: [
            GoldenFile.Entry(id: "b", output: "2"),
            GoldenFile.Entry(id: "a", prompt: "one", output: "x\ny\n"),
        ]))
    }

    static let hostile: [String] = [
        "", " ", "  leading", "trailing  ", "a\nb", "a\nb\n", "a\n\n\n", "\n", "\n\nlead", "two  \nlines",
        "  indented\nblock", "tab\there", "\t", "trailing tab\t\nx", "esc \u{1B}[31mred\u{1B}[0m", "bell \u{7} nul \u{0} del \u{7F}",
        "quote \" and ' both", "'single'", "\"double\"", "# hash", "a # b", "a#b", "key: value", "ends:", "- dash", "-",
        "---", "...", "[flow, list]", "{flow: map}", "ünïcödé 日本語 🎉", "\u{FEFF}bom", "crlf\r\nline\r\n", "\r",
        "line sep \u{2028} para \u{2029}", "c1 \u{85} \u{9F}", "back\\slash \\n", "|", ">", "|-\n", "null", "~", "true", "no",
        "@at", "%pct", "`tick`", "&anchor", "*alias", "!tag", "? complex", "1,000", "-3", "0x1F",
        String(repeating: "long line ", count: 300),
    ]

    @Test(arguments: hostile)
    func hostileTextRoundTripsExactly(_ text: String) throws {
        let file = GoldenFile(suite: "s", target: "t", model: text, entries: [
            GoldenFile.Entry(id: "case-1", prompt: text, output: text),
            GoldenFile.Entry(id: "case-2", prompt: "p", output: text + "\n" + text),
        ])
        let rendered = file.render()
        let parsed = try Self.parse(rendered)
        #expect(parsed == file)
        #expect(parsed.render() == rendered)
    }

    @Test func renderingIsStable() {
        let file = GoldenFile(suite: "s", target: "t", model: "m", entries: Self.hostile.enumerated().map { GoldenFile.Entry(id: "c\($0.offset)", prompt: "p", output: $0.element) })
        #expect(file.render() == file.render())
        #expect(GoldenFile(suite: file.suite, target: file.target, model: file.model, entries: file.entries).render() == file.render())
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var text: String
        var heading: String
        var testDescription: String { heading }
    }

    static let badFiles: [BadFile] = [
        BadFile(text: "cases:\n  a:\n<<<<<<< HEAD\n    output: \"1\"\n=======\n    output: \"2\"\n>>>>>>> other\n",
                heading: "golden/s/t.golden:3:1: error: unresolved merge conflict marker `<<<<<<<` in golden file; resolve the conflict, or record the file again and review it"),
        BadFile(text: "cases:\n  a:\n    output: \"1\"\n=======\n",
                heading: "golden/s/t.golden:4:1: error: unresolved merge conflict marker `=======` in golden file; resolve the conflict, or record the file again and review it"),
        BadFile(text: "model: m\ncases:\n  a:\n    prompt: x\n  b:\n    output: y\n",
                heading: "golden/s/t.golden:3:3: error: golden entry 'a' has no `output`"),
        BadFile(text: "cases:\n  a:\n    outptu: y\n",
                heading: "golden/s/t.golden:3:5: error: unknown key 'outptu' in golden entry 'a' (did you mean 'output'?); expected `prompt`, `output`"),
        BadFile(text: "model: m\ncase:\n  a:\n    output: y\n",
                heading: "golden/s/t.golden:2:1: error: unknown key 'case' in golden file (did you mean 'cases'?); expected `model`, `model_version`, `cases`"),
        BadFile(text: "model: m\n",
                heading: "golden/s/t.golden:1:1: error: golden file has no `cases:` mapping"),
        BadFile(text: "# only a comment\n",
                heading: "golden/s/t.golden:1:1: error: golden file is empty; expected `cases:`"),
        BadFile(text: "- a\n- b\n",
                heading: "golden/s/t.golden:1:1: error: a golden file must be a mapping with `cases:`, not a list"),
        BadFile(text: "cases:\n  a:\n    output: [1, 2]\n",
                heading: "golden/s/t.golden:3:13: error: `output` of golden entry 'a' must be a string, not a list"),
        BadFile(text: "cases:\n  a:\n    output:\n",
                heading: "golden/s/t.golden:3:5: error: `output` of golden entry 'a' must be a string, not null"),
        BadFile(text: "cases:\n  a: two\n",
                heading: "golden/s/t.golden:2:6: error: golden entry 'a' must be a mapping with `output`, not a string"),
        BadFile(text: "cases: [a]\n",
                heading: "golden/s/t.golden:1:8: error: `cases` must be a mapping from case id to `prompt` and `output`, not a list"),
    ]

    @Test(arguments: badFiles)
    func invalidFilesAreDiagnosticsAtTheirPlace(_ bad: BadFile) {
        let error = #expect(throws: Diagnostic.self) {
            try Self.parse(bad.text)
        }
        #expect(error?.heading == bad.heading)
    }

    @Test func yamlErrorsKeepTheParsersPlace() throws {
        let error = #expect(throws: Diagnostic.self) {
            try Self.parse("cases:\n  a:\n    output: \"unterminated\n")
        }
        #expect(error?.path == "golden/s/t.golden")
        #expect(error?.mark?.line == 3)
        let rendered = try #require(error?.rendered())
        #expect(rendered.contains("\n    output: \"unterminated\n"))
    }

    @Test func aDuplicateCaseIsAnError() {
        let error = #expect(throws: Diagnostic.self) {
            try Self.parse("cases:\n  a:\n    output: x\n  a:\n    output: y\n")
        }
        #expect(error?.mark?.line == 4)
    }
}
