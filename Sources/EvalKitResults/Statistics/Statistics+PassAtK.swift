extension Statistics {
    /// The unbiased estimate of pass@k for one case with `passes` passing samples out of
    /// `samples` (Chen et al. 2021): the chance that at least one of k samples drawn without
    /// replacement passes, `1 − C(n − c, k) / C(n, k)`.
    public static func passAtK(samples n: Int, passes c: Int, k: Int) -> Double {
        precondition(k >= 1 && k <= n && c >= 0 && c <= n, "needs 1 ≤ k ≤ n and 0 ≤ c ≤ n")
        return 1 - choiceRatio(n - c, n, k)
    }

    /// The estimate of pass^k for one case: the chance that all of k samples drawn without
    /// replacement pass, `C(c, k) / C(n, k)`.
    public static func passAllK(samples n: Int, passes c: Int, k: Int) -> Double {
        precondition(k >= 1 && k <= n && c >= 0 && c <= n, "needs 1 ≤ k ≤ n and 0 ≤ c ≤ n")
        return choiceRatio(c, n, k)
    }

    /// `C(m, k) / C(n, k)` for `m ≤ n`, as the product `∏ (m − i) / (n − i)`, which never
    /// overflows; 0 when `m < k`.
    private static func choiceRatio(_ m: Int, _ n: Int, _ k: Int) -> Double {
        guard m >= k else { return 0 }
        var ratio = 1.0
        for i in 0..<k {
            ratio *= Double(m - i) / Double(n - i)
        }
        return ratio
    }

    /// A target's pass@k and pass^k for k = 1 and k = N, N being the most samples any of its
    /// cases ran (its `repeat`); nil unless N > 1 (SPEC §15).
    ///
    /// Each case counts its answered samples only (passed or failed; a sample that ended in
    /// `error` tells nothing about the model) and enters the average for a k when it has at
    /// least k of them. Cases judged by a golden check alone have no matcher verdict to sample
    /// and are left out.
    public static func repeatFigures(of cases: [CaseReport]) -> RepeatFigures? {
        var tally = RepeatTally()
        for item in cases { tally.add(item) }
        return tally.figures
    }

    /// What `repeatFigures(of:)` needs, gathered one case at a time in suite order.
    ///
    /// Cases answered once that come before the first case with several samples are only
    /// counted: each adds a whole 0 or 1 to the k = 1 sums (exactly, in any order) and is too
    /// short for any larger k, so a run without repeats holds no memory per case.
    public struct RepeatTally: Sendable {
        private var most = 0
        private var leadingSingles = 0
        private var leadingSinglePasses = 0
        private var answered: [(samples: Int, passes: Int)] = []

        public init() {}

        public mutating func add(_ item: CaseReport) {
            most = max(most, item.samples)
            let goldenOnly = (item.outcome == .passed || item.outcome == .failed) && item.matcherVerdict == nil
            if goldenOnly { return }
            var entry: (samples: Int, passes: Int)?
            if item.sampleResults.isEmpty {
                if let verdict = item.matcherVerdict { entry = (1, verdict == .passed ? 1 : 0) }
            } else {
                let passes = item.sampleResults.count { $0.outcome == .passed }
                let failures = item.sampleResults.count { $0.outcome == .failed }
                if passes + failures > 0 { entry = (passes + failures, passes) }
            }
            guard let entry else { return }
            if entry.samples == 1 && answered.isEmpty {
                leadingSingles += 1
                leadingSinglePasses += entry.passes
            } else {
                answered.append(entry)
            }
        }

        public var figures: RepeatFigures? {
            guard most > 1 else { return nil }
            var figures = RepeatFigures()
            for k in [1, most] {
                let eligible = answered.filter { $0.samples >= k }
                let singles = k == 1 ? leadingSingles : 0
                let key = String(k)
                figures.cases[key] = singles + eligible.count
                guard singles + eligible.count > 0 else {
                    figures.passAtK.updateValue(nil, forKey: key)
                    figures.passAllK.updateValue(nil, forKey: key)
                    continue
                }
                let count = Double(singles + eligible.count)
                let start = Double(k == 1 ? leadingSinglePasses : 0)
                figures.passAtK[key] = eligible.reduce(start) { $0 + passAtK(samples: $1.samples, passes: $1.passes, k: k) } / count
                figures.passAllK[key] = eligible.reduce(start) { $0 + passAllK(samples: $1.samples, passes: $1.passes, k: k) } / count
            }
            return figures
        }
    }
}

/// pass@k and pass^k of one target with repeats, keyed by k as text (`"1"`, `"5"`); a k that
/// no case has enough answered samples for has a null figure.
public struct RepeatFigures: Sendable, Equatable {
    public var passAtK: [String: Double?] = [:]
    public var passAllK: [String: Double?] = [:]
    /// The cases each k averages over.
    public var cases: [String: Int] = [:]

    public init(passAtK: [String: Double?] = [:], passAllK: [String: Double?] = [:], cases: [String: Int] = [:]) {
        self.passAtK = passAtK
        self.passAllK = passAllK
        self.cases = cases
    }
}
