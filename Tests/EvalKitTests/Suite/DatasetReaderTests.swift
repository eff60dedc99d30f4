import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct DatasetReaderTests {
    static func suite(_ casesFrom: String, inline: String = "") -> String {
        SuiteText.header + (inline.isEmpty ? "" : "cases:\n" + inline) + "cases_from:\n" + casesFrom
    }

    /// Whether the case's expectation passes on `output`.
    static func passes(_ testCase: Suite.Case, _ output: String) async -> Bool {
        var passed = true
        for matcher in testCase.expect where !(await matcher.evaluate(output, in: MatchContext()).passed) { passed = false }
        return passed
    }

    @Test(arguments: [false, true]) func readsJSONLAfterInlineCases(streaming: Bool) async throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("data/rows.jsonl", """
            {"prompt": "1", "expect": "2", "tags": ["digits", "quick"], "level": 1.50, "hard": false, "note": null, "extra": {"a": [1]}}

            {"id": "words-99", "prompt": "ninety nine", "expect": "one hundred", "tags": "words, heldout"}
              \t
            {"prompt": "III"}

            """)
        let suite = try fixture.load(Self.suite("  path: data/rows.jsonl\n", inline: "  - id: inline\n    prompt: a\n"))
        #expect(suite.cases.map(\.id) == ["inline", "1", "words-99", "III"])
        let rows = Array(suite.cases.dropFirst())
        let path = fixture.directory.appendingPathComponent("data/rows.jsonl").path
        #expect(rows.map(\.path) == [path, path, path])
        #expect(rows.map(\.mark) == [Mark(line: 1, column: 1), Mark(line: 3, column: 1), Mark(line: 5, column: 1)])
        #expect(rows[0].prompt == "1")
        #expect(rows[0].tags == ["digits", "quick"])
        #expect(rows[0].vars == ["level": "1.50", "hard": "false", "note": "", "extra": #"{"a":[1]}"#])
        #expect(rows[1].tags == ["words", "heldout"])
        #expect(rows[1].vars.isEmpty)
        #expect(rows[2].expect.isEmpty)
        #expect(rows.map { $0.expect.map(\.name) } == [["exact"], ["exact"], []])
        #expect(await Self.passes(rows[0], " 2\n"))
        #expect(await Self.passes(rows[0], "3") == false)
        #expect(await Self.passes(rows[1], "one hundred"))
    }

    @Test(arguments: [false, true]) func mapsFieldNamesAndKeepsOtherFieldsAsVars(streaming: Bool) async throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("qa.jsonl", #"{"key": "q1", "question": "1", "answer": "2", "labels": ["x"], "prompt": "not the prompt", "lang": "en"}"# + "\n")
        let suite = try fixture.load(SuiteText.header + """
            defaults:
              template: "{{lang}} {{prompt}}"
            cases_from:
              path: qa.jsonl
              prompt: question
              expect: answer
              id: key
              tags: labels

            """)
        let testCase = try #require(suite.cases.first)
        #expect(testCase.id == "q1")
        #expect(testCase.prompt == "1")
        #expect(testCase.tags == ["x"])
        #expect(testCase.vars == ["prompt": "not the prompt", "lang": "en"])
        #expect(await Self.passes(testCase, "2"))
        let resolved = suite.resolve(testCase, for: try suite.resolve(suite.targets[0], environment: [:]))
        #expect(resolved.prompt == "en 1")
    }

    @Test(arguments: [false, true]) func readsAJSONArrayFile(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("rows.json", "[\n  {\"prompt\": \"1\"},\n  {\"prompt\": \"2\", \"id\": \"two\"}\n]\n")
        let suite = try fixture.load(Self.suite("  path: rows.json\n"))
        #expect(suite.cases.map(\.id) == ["1", "two"])
        #expect(suite.cases.map(\.mark) == [Mark(line: 2, column: 1), Mark(line: 3, column: 1)])
    }

    @Test(arguments: [false, true]) func readsCSVWithQuoting(streaming: Bool) async throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("rows.csv", #"""
            id,prompt,expect,tags,lang\#r
            ,"10,100,000","10,100,001","digits, commas",en\#r
            quote,"say ""hi""",,,fr\#r
            multi,"two\#r
            lines",x,words,\#r

            """#)
        let suite = try fixture.load(Self.suite("  path: rows.csv\n"))
        #expect(suite.cases.map(\.id) == ["10-100-000", "quote", "multi"])
        #expect(suite.cases.map(\.prompt) == ["10,100,000", "say \"hi\"", "two\nlines"])
        #expect(suite.cases.map(\.tags) == [["digits", "commas"], [], ["words"]])
        #expect(suite.cases.map(\.vars) == [["lang": "en"], ["lang": "fr"], ["lang": ""]])
        #expect(suite.cases.map(\.mark.line) == [2, 3, 4])
        #expect(suite.cases[1].expect.isEmpty)
        #expect(await Self.passes(suite.cases[0], "10,100,001"))
    }

    @Test(arguments: [false, true]) func readsJSONLAndCSVWithCRLFLineEnds(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("d.jsonl", "{\"prompt\": \"1\", \"expect\": \"2\"}\r\n\r\n{\"id\": \"b\", \"prompt\": \"3\"}\r\n{\"prompt\": \"5\"}\r")
        try fixture.write("d.csv", "prompt,expect\r\n7,8\r\n9,10\r")
        let suite = try fixture.load(Self.suite("  - path: d.jsonl\n  - path: d.csv\n"))
        #expect(suite.cases.map(\.id) == ["1", "b", "5", "7", "9"])
        #expect(suite.cases.map(\.prompt) == ["1", "3", "5", "7", "9"])
        #expect(suite.cases.map(\.mark.line) == [1, 3, 4, 2, 3])
        #expect(suite.cases.map { $0.vars.isEmpty } == [true, true, true, true, true])

        try fixture.write("d.jsonl", "{\"prompt\": \"1\"}\r\n{\"prompt\": 2}\r\n")
        let error = try #require(fixture.failure(Self.suite("  path: d.jsonl\n")))
        #expect(error.mark == Mark(line: 2, column: 12))
        #expect(error.message == "the prompt field 'prompt' must be a string, got a number")
    }

    @Test(arguments: [false, true]) func readsGeminiTuningRows(streaming: Bool) async throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("tuning.jsonl", """
            {"text_input": "1", "output": "2"}
            {"systemInstruction": {"parts": [{"text": "Digits."}]}, "contents": [{"role": "user", "parts": [{"text": "4"}]}, {"role": "model", "parts": [{"text": "5"}]}]}

            """)
        let suite = try fixture.load(Self.suite("  path: tuning.jsonl\n  format: gemini-tuning\n"))
        #expect(suite.cases.map(\.id) == ["1", "4"])
        #expect(suite.cases.map(\.prompt) == ["1", "4"])
        #expect(suite.cases.map(\.system) == [nil, "Digits."])
        #expect(suite.cases.allSatisfy { $0.vars.isEmpty })
        #expect(await Self.passes(suite.cases[0], "2"))
        #expect(await Self.passes(suite.cases[1], "5"))
    }

    @Test(arguments: [false, true]) func readsOpenAIChatRows(streaming: Bool) async throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("chat.jsonl", """
            {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "1"}, {"role": "assistant", "content": "2", "weight": 1}]}
            {"id": "parts", "messages": [{"role": "user", "content": [{"type": "text", "text": "ninety "}, {"type": "text", "text": "nine"}]}], "topic": "words"}

            """)
        let suite = try fixture.load(Self.suite("  path: chat.jsonl\n  format: openai-chat\n"))
        #expect(suite.cases.map(\.id) == ["1", "parts"])
        #expect(suite.cases.map(\.prompt) == ["1", "ninety nine"])
        #expect(suite.cases.map(\.system) == ["Be brief.", nil])
        #expect(suite.cases[1].vars == ["topic": "words"])
        #expect(suite.cases[1].expect.isEmpty)
        #expect(await Self.passes(suite.cases[0], "2"))
    }

    @Test(arguments: [false, true]) func readsSeveralDatasetsInOrder(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("a.jsonl", #"{"prompt": "a"}"# + "\n")
        try fixture.write("b.csv", "prompt\nb\n")
        let suite = try fixture.load(Self.suite("  - path: b.csv\n  - path: a.jsonl\n"))
        #expect(suite.cases.map(\.id) == ["b", "a"])
    }

    @Test(arguments: [false, true]) func promptsFromDatasetsAreNeverExpanded(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("rows.jsonl", #"{"id": "leak", "prompt": "${SECRET} {{prompt}}", "x": "${SECRET}"}"# + "\n")
        let suite = try fixture.load(SuiteText.header + "defaults:\n  template: \"{{x}} {{prompt}}\"\ncases_from:\n  path: rows.jsonl\n")
        let resolved = suite.resolve(suite.cases[0], for: try suite.resolve(suite.targets[0], environment: ["SECRET": "hunter2"]))
        #expect(resolved.prompt == "${SECRET} ${SECRET} {{prompt}}")
    }

    /// A dataset and the error it gives, at the line and column marked `⟪` in it.
    struct BadRow: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var casesFrom: String
        var content: String
        var message: String
        var testDescription: String { name }
    }

    static let badRows: [BadRow] = [
        BadRow(name: "invalid JSON", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"1\"}\n{\"prompt\": \"2\" ⟪\"expect\": \"3\"}\n", message: "invalid JSON: expected ',' or '}' in an object"),
        BadRow(name: "row not an object", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "⟪[\"1\", \"2\"]\n", message: "a dataset row must be a JSON object, got an array"),
        BadRow(name: "missing prompt field", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"1\"}\n⟪{\"input\": \"2\"}\n", message: "row has no 'prompt' field for the prompt"),
        BadRow(name: "non-string prompt", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": ⟪1}\n", message: "the prompt field 'prompt' must be a string, got a number"),
        BadRow(name: "structured expectation", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"1\", \"expect\": ⟪{\"numeric\": 2}}\n", message: "the expected output 'expect' must be a string (an exact match), got an object"),
        BadRow(name: "invalid id", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"1\", \"id\": ⟪\"a b\"}\n", message: "case id 'a b' may use only letters"),
        BadRow(name: "empty derived id", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": ⟪\"?!\"}\n", message: "cannot derive a case id from prompt \"?!\": give the row an id"),
        BadRow(name: "bad tags", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"1\", \"tags\": ⟪3}\n", message: "the tags field 'tags' must be an array of strings, got a number"),
        BadRow(name: "earlier user turns", file: "c.jsonl", casesFrom: "  path: c.jsonl\n  format: openai-chat\n",
               content: "{\"messages\": [{\"role\": \"user\", \"content\": \"1\"}]}\n{\"messages\": [⟪{\"role\": \"user\", \"content\": \"1\"}, {\"role\": \"assistant\", \"content\": \"2\"}, {\"role\": \"user\", \"content\": \"3\"}]}\n",
               message: "the row has earlier turns (2 user messages)"),
        BadRow(name: "assistant before the user", file: "c.jsonl", casesFrom: "  path: c.jsonl\n  format: openai-chat\n",
               content: "{\"messages\": [⟪{\"role\": \"assistant\", \"content\": \"hi\"}, {\"role\": \"user\", \"content\": \"1\"}]}\n",
               message: "the row has earlier turns (an assistant message before the user message)"),
        BadRow(name: "no user message", file: "c.jsonl", casesFrom: "  path: c.jsonl\n  format: openai-chat\n",
               content: "⟪{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}]}\n", message: "the conversation has no user message"),
        BadRow(name: "tool role", file: "c.jsonl", casesFrom: "  path: c.jsonl\n  format: openai-chat\n",
               content: "{\"messages\": [{\"role\": \"user\", \"content\": \"1\"}, ⟪{\"role\": \"tool\", \"content\": \"x\"}]}\n", message: "unsupported message role 'tool'"),
        BadRow(name: "CSV field count", file: "d.csv", casesFrom: "  path: d.csv\n",
               content: "prompt,expect\n1,2\n⟪3,4,5\n", message: "row has 3 fields but the header has 2"),
        BadRow(name: "CSV without prompt column", file: "d.csv", casesFrom: "  path: d.csv\n",
               content: "⟪input,expect\n1,2\n", message: "the header has no 'prompt' column for the prompt (columns: input, expect)"),
        BadRow(name: "CSV unterminated quote", file: "d.csv", casesFrom: "  path: d.csv\n",
               content: "prompt\n⟪\"open\n", message: "unterminated quoted field"),
        BadRow(name: "invalid UTF-8 marker position", file: "d.jsonl", casesFrom: "  path: d.jsonl\n",
               content: "{\"prompt\": \"caf⟪\u{FFFD}\"}\n", message: "not valid UTF-8"),
    ]

    @Test(arguments: badRows, [false, true])
    func reportsABadRowAtItsFileAndLine(row: BadRow, streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        let path = fixture.directory.appendingPathComponent(row.file).path
        if row.content.contains("\u{FFFD}") {
            var bytes = Data(SuiteFixture.unmarked(row.content).utf8)
            bytes.replaceSubrange(bytes.firstRange(of: Data("\u{FFFD}".utf8))!, with: [0xE9])
            try bytes.write(to: URL(fileURLWithPath: path))
        } else {
            try fixture.write(row.file, row.content)
        }
        let error = try #require(fixture.failure(Self.suite(row.casesFrom)))
        #expect(error.path == path)
        #expect(error.mark == SuiteFixture.markerPosition(in: row.content))
        #expect(error.message.contains(row.message), "\(error.message)")
    }

    @Test(arguments: [false, true]) func casesFromErrorsPointIntoTheSuite(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        let examples: [(String, String)] = [
            ("  path: ⟪missing.jsonl\n", "cannot read dataset '\(fixture.directory.path)/missing.jsonl': no such file"),
            ("  path: x.jsonl\n  format: ⟪jsonlines\n", "unknown dataset format 'jsonlines' (valid: jsonl, csv, gemini-tuning, openai-chat)"),
            ("  path: x.jsonl\n  format: ⟪csvv\n", "unknown dataset format 'csvv'; did you mean 'csv'? (valid: jsonl, csv, gemini-tuning, openai-chat)"),
            ("  path: ⟪x.txt\n", "cannot tell the format of 'x.txt' from its extension"),
            ("  ⟪pth: x.jsonl\n", "unknown key 'pth' in cases_from; did you mean 'path'? (valid: path, format, prompt, expect, id, tags)"),
            ("  path: x.jsonl\n  format: openai-chat\n  ⟪prompt: question\n", "'prompt' does not apply to format openai-chat"),
            ("  ⟪format: csv\n", "missing required key 'path' in cases_from"),
            ("  - ⟪x.jsonl\n", "cases_from expects a mapping, got 'x.jsonl'"),
        ]
        for (casesFrom, message) in examples {
            let text = Self.suite(casesFrom)
            let error = try #require(fixture.failure(text))
            #expect(error.path == fixture.directory.appendingPathComponent("suite.yaml-lite").path)
            #expect(error.mark == SuiteFixture.markerPosition(in: text), "\(casesFrom)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(arguments: [false, true]) func duplicateIDsAcrossTheSuiteAndADataset(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        let suitePath = fixture.directory.appendingPathComponent("suite.yaml-lite").path
        let dataPath = fixture.directory.appendingPathComponent("d.jsonl").path
        try fixture.write("d.jsonl", "{\"prompt\": \"b\"}\n{\"id\": \"a\", \"prompt\": \"x\"}\n")
        let error = try #require(fixture.failure(Self.suite("  path: d.jsonl\n", inline: "  - prompt: a\n")))
        #expect(error.path == dataPath)
        #expect(error.mark == Mark(line: 2, column: 8))
        #expect(error.message == "duplicate case id 'a' (also at \(suitePath):7:13); ids are unique within a suite: set an explicit id on one of them")

        try fixture.write("d.jsonl", "{\"prompt\": \"one hundred\"}\n\n{\"prompt\": \"one-hundred\"}\n")
        let again = try #require(fixture.failure(Self.suite("  path: d.jsonl\n")))
        #expect(again.mark == Mark(line: 3, column: 12))
        #expect(again.message.contains("duplicate case id 'one-hundred' (also at \(dataPath):1:12)"))
        #expect(again.message.hasSuffix("set an explicit id on one of them"))

        try fixture.write("d.jsonl", "{\"id\": \"a\", \"prompt\": \"x\"}\n{\"id\": \"a\", \"prompt\": \"y\"}\n")
        let explicit = try #require(fixture.failure(Self.suite("  path: d.jsonl\n")))
        #expect(explicit.message.hasSuffix("ids are unique within a suite"))
    }

    @Test(arguments: [false, true]) func rowsSharingALongInstructionGetDistinctIDs(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        let instruction = "Answer with the next number in the sequence and nothing else, please: "
        try fixture.write("d.jsonl", "{\"prompt\": \"\(instruction)1\"}\n{\"prompt\": \"\(instruction)2\"}\n")
        try fixture.write("d.csv", "prompt\n\"\(instruction)3\"\n\"\(instruction)4\"\n")
        let suite = try fixture.load(Self.suite("  - path: d.jsonl\n  - path: d.csv\n"))
        let ids = suite.cases.map(\.id)
        #expect(ids.count == 4)
        #expect(Set(ids).count == 4)
        #expect(ids.allSatisfy { $0.count <= 64 && $0.hasPrefix("Answer-with-the-next-number-in-the-sequence-and-nothing") })
    }

    @Test(arguments: [false, true]) func unknownTemplateVarsOfDatasetCasesAreErrorsAtTheTemplate(streaming: Bool) throws {
        let fixture = try SuiteFixture(streaming: streaming)
        try fixture.write("d.csv", "prompt,lang\n1,en\n")
        let text = SuiteText.header + "defaults:\n  template: \"{{lang}} ⟪{{tone}}\"\ncases_from:\n  path: d.csv\n"
        let error = try #require(fixture.failure(text))
        #expect(error.path == fixture.directory.appendingPathComponent("suite.yaml-lite").path)
        #expect(error.mark == SuiteFixture.markerPosition(in: text))
        #expect(error.message.contains("template uses {{tone}}, which case '1' (\(fixture.directory.path)/d.csv:2) does not define (its vars: lang)"))
    }
}
