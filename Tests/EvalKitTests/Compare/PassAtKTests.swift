import EvalKit
import Testing

@Suite struct PassAtKTests {
    /// Per case, by hand from Chen et al. (2021), pass@k = 1 − C(n−c, k) / C(n, k), and
    /// pass^k = C(c, k) / C(n, k).
    static let table: [(n: Int, c: Int, k: Int, passAt: Double, passAll: Double)] = [
        (5, 2, 1, 1 - 3.0 / 5, 2.0 / 5),  // C(3,1)/C(5,1) = 3/5
        (5, 2, 5, 1, 0),  // C(3,5) = 0; C(2,5) = 0
        (5, 4, 5, 1, 0),
        (5, 5, 5, 1, 1),
        (5, 0, 3, 0, 0),  // C(5,3)/C(5,3) = 1
        (10, 3, 2, 1 - 21.0 / 45, 3.0 / 45),  // C(7,2) = 21, C(10,2) = 45, C(3,2) = 3
        (4, 2, 2, 1 - 1.0 / 6, 1.0 / 6),  // C(2,2) = 1, C(4,2) = 6
        (20, 15, 10, 1 - 0.0, 3003.0 / 184_756),  // C(5,10) = 0; C(15,10) = 3003, C(20,10) = 184756
        (20, 12, 5, 1 - 56.0 / 15504, 792.0 / 15504),  // C(8,5) = 56, C(12,5) = 792, C(20,5) = 15504
    ]

    @Test(arguments: table)
    func perCaseByHand(row: (n: Int, c: Int, k: Int, passAt: Double, passAll: Double)) {
        #expect(abs(Statistics.passAtK(samples: row.n, passes: row.c, k: row.k) - row.passAt) < 1e-12)
        #expect(abs(Statistics.passAllK(samples: row.n, passes: row.c, k: row.k) - row.passAll) < 1e-12)
    }

    /// The numerically stable form of the Codex paper, `1 − ∏_{i=n−c+1}^{n} (1 − k/i)`.
    @Test func agreesWithTheCodexPapersStableForm() {
        for n in 1...12 {
            for c in 0...n {
                for k in 1...n {
                    var expected = 1.0
                    if n - c >= k {
                        var product = 1.0
                        var i = n - c + 1
                        while i <= n {
                            product *= 1 - Double(k) / Double(i)
                            i += 1
                        }
                        expected = 1 - product
                    }
                    #expect(abs(Statistics.passAtK(samples: n, passes: c, k: k) - expected) < 1e-12)
                }
            }
        }
    }

    @Test func aSingleSampleIsItsVerdict() {
        #expect(Statistics.passAtK(samples: 1, passes: 1, k: 1) == 1)
        #expect(Statistics.passAllK(samples: 1, passes: 0, k: 1) == 0)
    }

    private static func repeated(_ id: String, _ outcomes: [Outcome], outcome: Outcome, verdict: Outcome?) -> CaseReport {
        CaseReport(
            id: id, prompt: id, outcome: outcome, matcherVerdict: verdict,
            samples: outcomes.count, passes: outcomes.count { $0 == .passed },
            sampleResults: outcomes.map { SampleReport(output: $0 == .error ? nil : "x", outcome: $0) })
    }

    /// Over answered samples: a case with an erroring sample has 4 answered samples, so it
    /// counts for k = 1 (3/4) but not for k = 5; a golden-only case and one that only errored
    /// are left out. k = 1: (0.75 + 1 + 0) / 3; k = 5: pass@5 (1 + 0) / 2, pass^5 (1 + 0) / 2.
    @Test func targetFiguresAverageOverCasesWithEnoughAnsweredSamples() throws {
        let cases = [
            Self.repeated("a", [.passed, .passed, .failed, .passed, .error], outcome: .error, verdict: nil),
            Self.repeated("b", [.passed, .passed, .passed, .passed, .passed], outcome: .passed, verdict: .passed),
            Self.repeated("c", [.failed, .failed, .failed, .failed, .failed], outcome: .failed, verdict: .failed),
            Self.repeated("golden-only", [.passed, .passed, .passed, .passed, .passed], outcome: .failed, verdict: nil),
            Self.repeated("down", [.error, .error, .error, .error, .error], outcome: .error, verdict: nil),
        ]
        let figures = try #require(Statistics.repeatFigures(of: cases))
        #expect(figures.cases == ["1": 3, "5": 2])
        #expect(abs(try #require(figures.passAtK["1"] ?? nil) - 1.75 / 3) < 1e-12)
        #expect(abs(try #require(figures.passAllK["1"] ?? nil) - 1.75 / 3) < 1e-12)
        #expect(try #require(figures.passAtK["5"] ?? nil) == 0.5)
        #expect(try #require(figures.passAllK["5"] ?? nil) == 0.5)
        let target = TargetReport(target: "tuned", provider: "reference", model: nil, judged: true, cases: cases)
        #expect(target.repeats == figures)
    }

    @Test func flakyCaseFigures() throws {
        // 3 passes of 5: pass@1 = 0.6, pass@5 = 1, pass^5 = 0.
        let figures = try #require(Statistics.repeatFigures(of: [
            Self.repeated("f", [.passed, .failed, .passed, .failed, .passed], outcome: .failed, verdict: .failed),
        ]))
        #expect(figures.passAtK == ["1": 0.6, "5": 1])
        #expect(figures.passAllK == ["1": 0.6, "5": 0])
    }

    @Test func noRepeatsNoFigures() {
        let cases = [CaseReport(id: "a", prompt: "a", outcome: .passed, matcherVerdict: .passed, passes: 1)]
        #expect(Statistics.repeatFigures(of: cases) == nil)
    }

    @Test func aKNoCaseReachesIsNull() throws {
        let figures = try #require(Statistics.repeatFigures(of: [
            Self.repeated("a", [.passed, .error, .error], outcome: .error, verdict: nil),
        ]))
        let expected: [String: Double?] = ["1": 1, "3": nil]
        #expect(figures.passAtK == expected)
        #expect(figures.cases == ["1": 1, "3": 0])
    }
}
