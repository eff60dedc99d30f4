import Foundation
import Testing
import YAMLLite
@testable import EvalKitSuite

/// Datasets read as streams (SPEC §11): a streamed suite holds only its inline cases, reads the
/// rest back from its spool, and finds every problem a held suite finds, the same one first.
/// (DatasetReaderTests run each of their cases both ways.)
@Suite struct DatasetStreamingTests {
    static func suite(_ casesFrom: String, inline: String = "") -> String {
        SuiteText.header + (inline.isEmpty ? "" : "cases:\n" + inline) + "cases_from:\n" + casesFrom
    }

    static func rows(_ count: Int, id: (Int) -> String = { "n\($0)" }) -> String {
        (1...count).map { "{\"id\": \"\(id($0))\", \"prompt\": \"\($0)\", \"expect\": \"\($0 + 1)\", \"lang\": \"en\"}\n" }.joined()
    }

    static func load(_ fixture: SuiteFixture, _ text: String) throws -> Suite {
        try SuiteLoader.load(path: fixture.write("suite.yaml-lite", text), streamingDatasets: true)
    }

    static func readAll(_ suite: Suite) -> [Suite.Case] {
        var cursor = suite.makeCaseCursor()
        var cases: [Suite.Case] = []
        while let next = cursor.next() { cases.append(next) }
        return cases
    }

    @Test func aStreamedSuiteHoldsOnlyItsInlineCasesAndReadsTheRestAgainEachTime() throws {
        let fixture = try SuiteFixture()
        try fixture.write("d.jsonl", Self.rows(3000))
        let suite = try Self.load(fixture, Self.suite("  path: d.jsonl\n", inline: "  - id: first\n    prompt: a\n"))
        #expect(suite.cases.map(\.id) == ["first"])
        #expect(suite.datasetCases?.count == 3000)
        #expect(suite.caseCount == 3001)
        let cases = Self.readAll(suite)
        #expect(cases.map(\.id) == ["first"] + (1...3000).map { "n\($0)" })
        #expect(cases[3000].path == fixture.directory.appendingPathComponent("d.jsonl").path)
        #expect(cases[3000].mark == Mark(line: 3000, column: 1))
        #expect(cases[3000].vars == ["lang": "en"])
        #expect(cases[3000].expect.map(\.description) == ["exact \"3001\""])
        #expect(Self.readAll(suite).map(\.id) == cases.map(\.id))
    }

    @Test func theSpoolNoLongerDependsOnTheDatasetFile() throws {
        let fixture = try SuiteFixture()
        try fixture.write("d.jsonl", Self.rows(10))
        let suite = try Self.load(fixture, Self.suite("  path: d.jsonl\n"))
        try fixture.write("d.jsonl", "not json at all\n")
        #expect(Self.readAll(suite).map(\.prompt) == (1...10).map(String.init))
    }

    @Test func readsLinesLongerThanAChunkAndALastLineWithoutItsEnd() throws {
        let fixture = try SuiteFixture()
        let long = String(repeating: "é", count: 700_000)
        try fixture.write("d.jsonl", "\u{FEFF}{\"prompt\": \"1\"}\r\n{\"prompt\": \"\(long)\", \"id\": \"long\"}\r\n\r\n{\"prompt\": \"3\"}")
        let streamed = Self.readAll(try Self.load(fixture, Self.suite("  path: d.jsonl\n")))
        let held = try fixture.load(Self.suite("  path: d.jsonl\n"))
        #expect(streamed.map(\.id) == ["1", "long", "3"])
        #expect(streamed.map(\.id) == held.cases.map(\.id))
        #expect(streamed[1].prompt == long)
        #expect(streamed.map(\.mark) == [Mark(line: 1, column: 1), Mark(line: 2, column: 1), Mark(line: 4, column: 1)])
    }

    @Test func aDuplicateAmongManyRowsIsTheSameErrorAsWhenHeld() throws {
        let fixture = try SuiteFixture()
        try fixture.write("d.jsonl", Self.rows(60_000) { $0 == 59_999 ? "n17" : "n\($0)" })
        let text = Self.suite("  path: d.jsonl\n", inline: "  - id: n60000\n    prompt: a\n")
        let held = try #require(fixture.failure(text))
        fixture.streaming = true
        let streamed = try #require(fixture.failure(text))
        #expect(held.message.contains("duplicate case id 'n17'"))
        #expect(streamed == held)
    }

    @Test func aDuplicateIDComesBeforeARepeatsErrorAsWhenHeld() throws {
        let fixture = try SuiteFixture()
        try fixture.write("d.jsonl", "{\"id\": \"a\", \"prompt\": \"1\"}\n{\"id\": \"a\", \"prompt\": \"2\"}\n")
        let text = SuiteText.header + "defaults:\n  pass_if: 3\ncases_from:\n  path: d.jsonl\n"
        let held = try #require(fixture.failure(text))
        fixture.streaming = true
        let streamed = try #require(fixture.failure(text))
        #expect(held.message.contains("duplicate case id 'a'"))
        #expect(streamed == held)
    }

    @Test func theBloomFilterNeverForgetsAndRarelySuspects() {
        var filter = BloomFilter()
        var suspected = 0
        for i in 0..<200_000 where filter.insert("case-\(i)") { suspected += 1 }
        // About 0.15% of new strings are suspected (the hash is seeded anew by each process).
        #expect(suspected < 1000)
        #expect((0..<200_000).allSatisfy { filter.insert("case-\($0)") })
    }
}
