import Foundation
import Testing
@testable import EvalKit

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
        func seconds(tags count: Int, runs: Int) throws -> Double {
            let fixture = try SuiteFixture()
            let tags = (0..<count).map { "t\($0)" }.joined(separator: ", ")
            let path = try fixture.write("suite.yaml-lite", SuiteText.header + "cases:\n  - id: x\n    prompt: \"1\"\n    tags: [\(tags), t0]\n")
            var best = Double.infinity
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let start = clock.now
                let suite = try SuiteLoader.load(path: path, overrides: [])
                let elapsed = start.duration(to: clock.now)
                #expect(suite.cases.first?.tags.count == count)
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            return best
        }
        // The fastest of several runs, so that a busy machine's pauses drop out.
        let small = try seconds(tags: 8_000, runs: 5)
        let large = try seconds(tags: 64_000, runs: 3)
        // Linear: about 8 times the small input's time (5 to 9 measured); quadratic: about 64 times.
        #expect(large / small < 40, "8× the tags took \(large / small)× the time")
    }
}
