import Foundation
import LinearTimeTesting
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

/// Tags keep their first-seen order without repeats, wherever they come from, in linear time.
@Suite struct TagListTests {
    @Test func repeatsAreDroppedInFirstSeenOrder() throws {
        let fixture = try SuiteFixture()
        try fixture.write("rows.jsonl", #"{"id": "j", "prompt": "1", "tags": ["b", "a", "b", " a ", "c"]}"# + "\n")
        try fixture.write("rows.csv", "id,prompt,tags\nc,2,\"b, a, b,a,c\"\n")
        let suite = try fixture.load(SuiteText.header + """
            cases:
              - id: y
                prompt: "3"
                tags: [b, a, b, a, c]
            cases_from:
              - path: rows.jsonl
              - path: rows.csv
            """)
        #expect(suite.cases.map(\.tags) == [["b", "a", "c"], ["b", "a", "c"], ["b", "a", "c"]])
    }

    /// 40,000 tags took 6.4 s when each was compared with every earlier one.
    @Test func manyTagsLoadInLinearTime() throws {
        let folder = FileManager.default.temporaryDirectory
        try expectLinearTime("16 times the tags", size: 2_000, input: { count in
            let tags = (0..<count).map { "t\($0)" }.joined(separator: ", ")
            return (count, SourceFile(path: "tags.yaml-lite", text: SuiteText.header + "cases:\n  - id: x\n    prompt: \"1\"\n    tags: [\(tags), t0]\n"))
        }) { (count, source) in
            let suite = try SuiteLoader.load(source: source, directory: folder)
            #expect(suite.cases.first?.tags.count == count)
        }
    }
}
