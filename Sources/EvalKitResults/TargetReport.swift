import Foundation
import EvalKitSupport

/// One target's results within a suite.
public struct TargetReport: Sendable, Equatable, Codable {
    public var target: String
    public var provider: String
    public var model: String?
    /// False for a `--baseline`, which is shown but not judged.
    public var judged: Bool
    public var counts: OutcomeCounts
    public var passRate: Double?
    public var goldenChanged: Int
    public var tags: [String: TagStats]
    public var latencyMs: LatencySummary
    public var usage: TokenUsage
    /// How many cases each model version served (SPEC §10.3); cases whose answer named none are not counted.
    public var modelVersions: [String: Int]
    public var cases: [CaseReport]
    /// pass@k and pass^k when the target's cases ran more than once (SPEC §15).
    public var repeats: RepeatFigures? = nil
    /// Requests answered from the response cache and requests it did not hold (SPEC §12.1); nil without a cache.
    public var cache: CacheCounts? = nil
    /// The target's resolved configuration, field by field (SPEC §12.2); nil in files written before it existed.
    public var fingerprint: TargetFingerprint? = nil
    /// The target's price as the suite gave it (SPEC §13.1); nil without one.
    public var price: Price? = nil
    /// What the target's cases cost, summed from the cases; nil when the target has no price.
    public var cost: Cost? = nil
    /// The ids of the batch jobs that answered the target's cases (SPEC §13); nil when none did.
    public var batch: [String]? = nil
    /// Where every case went as it finished when the run did not keep them (SPEC §11): `cases`
    /// then holds only the non-passing ones the text reports list (up to a cap), and the JUnit,
    /// JSON and HTML reports splice the spool's fragments in. Not part of the JSON form.
    public var spool: SpooledCases? = nil

    public init(target: String, provider: String, model: String?, judged: Bool, cases: [CaseReport]) {
        self.target = target
        self.provider = provider
        self.model = model
        self.judged = judged
        self.cases = cases
        self.counts = OutcomeCounts()
        self.passRate = nil
        self.goldenChanged = 0
        self.tags = [:]
        self.latencyMs = LatencySummary()
        self.usage = TokenUsage()
        self.modelVersions = [:]
        recomputeSummary()
    }

    /// Recomputes counts, pass rate, golden changes, tags, latency and usage from the cases; a
    /// spooled target's figures come from its spool, which saw every case.
    public mutating func recomputeSummary() {
        if let spool {
            spool.tally.summarise(into: &self)
            return
        }
        var tally = CaseTally()
        for item in cases { tally.add(item) }
        tally.summarise(into: &self)
    }

    /// How many cases the target has: its spool's count when spooled, else its cases'.
    public var caseCount: Int { spool?.count ?? cases.count }

    /// The outcome counts of the cases (from the spool's tally when spooled).
    public var caseCounts: OutcomeCounts { spool?.tally.counts ?? OutcomeCounts(of: cases) }

    /// How many cases were not sent because the run's spend reached its cost limit (SPEC §13.1).
    public var costLimitedCount: Int { spool?.costLimited ?? cases.count(where: { $0.reason == .costLimit }) }

    enum CodingKeys: String, CodingKey {
        case target, provider, model, judged, counts, passRate = "pass_rate", goldenChanged = "golden_changed"
        case tags, latencyMs = "latency_ms", usage, modelVersions = "model_versions", cases
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decode(String.self, forKey: .target)
        provider = try c.decode(String.self, forKey: .provider)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        judged = try c.decode(Bool.self, forKey: .judged)
        counts = try c.decode(OutcomeCounts.self, forKey: .counts)
        passRate = try c.decodeIfPresent(Double.self, forKey: .passRate)
        goldenChanged = try c.decode(Int.self, forKey: .goldenChanged)
        tags = try c.decode([String: TagStats].self, forKey: .tags)
        latencyMs = try c.decode(LatencySummary.self, forKey: .latencyMs)
        usage = try c.decode(TokenUsage.self, forKey: .usage)
        // A file written before the field existed has none; the cases say the same.
        modelVersions = try c.decodeIfPresent([String: Int].self, forKey: .modelVersions) ?? [:]
        cases = try c.decode([CaseReport].self, forKey: .cases)
        let r = try decoder.container(keyedBy: RepeatKeys.self)
        if let passAtK = try r.decodeIfPresent([String: Double?].self, forKey: .passAtK) {
            repeats = RepeatFigures(
                passAtK: passAtK,
                passAllK: try r.decodeIfPresent([String: Double?].self, forKey: .passAllK) ?? [:],
                cases: try r.decodeIfPresent([String: Int].self, forKey: .passKCases) ?? [:])
        }
        let k = try decoder.container(keyedBy: RerunKeys.self)
        cache = try k.decodeIfPresent(CacheCounts.self, forKey: .cache)
        fingerprint = try k.decodeIfPresent([String: String].self, forKey: .configFields).map(TargetFingerprint.init(fields:))
        let p = try decoder.container(keyedBy: CostKeys.self)
        price = try p.decodeIfPresent(Price.self, forKey: .price)
        // The cases hold the figures; the file's total is only a summary of them.
        cost = Cost.total(cases.lazy.map(\.cost)) ?? price.map { _ in Cost() }
        batch = try k.decodeIfPresent([String].self, forKey: .batch)
    }

    /// The versions that served the answers, most cases first (ties by name).
    public var servedVersions: [String] {
        modelVersions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// What the text report says under the target (SPEC §10.3): `VERSION`, or `A (N cases), B (M cases)`,
    /// when the answers came from a version other than the configured model or from several; nil otherwise.
    public var servedByLine: String? {
        let versions = servedVersions
        guard !versions.isEmpty else { return nil }
        if versions.count == 1 {
            // Gemini names `models/gemini-2.5-flash` by its bare name.
            let configured = model.map { $0.hasPrefix("models/") ? String($0.dropFirst("models/".count)) : $0 }
            return versions[0] == model || versions[0] == configured ? nil : versions[0]
        }
        return versions.map { "\($0) (\(modelVersions[$0] ?? 0) \(modelVersions[$0] == 1 ? "case" : "cases"))" }.joined(separator: ", ")
    }

    private enum RerunKeys: String, CodingKey {
        case cache, configSHA256 = "config_sha256", configFields = "config_fields", batch
    }

    private enum CostKeys: String, CodingKey {
        case price, cost
    }

    private enum RepeatKeys: String, CodingKey {
        case passAtK = "pass_at_k", passAllK = "pass_all_k", passKCases = "pass_k_cases"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(provider, forKey: .provider)
        try c.encode(model, forKey: .model)
        try c.encode(judged, forKey: .judged)
        try c.encode(counts, forKey: .counts)
        try c.encode(passRate, forKey: .passRate)
        try c.encode(goldenChanged, forKey: .goldenChanged)
        try c.encode(tags, forKey: .tags)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(usage, forKey: .usage)
        try c.encode(modelVersions, forKey: .modelVersions)
        if let spool {
            try c.encode(JSONTextEncoder.Raw(text: spool.placeholder(.json)), forKey: .cases)
        } else {
            try c.encode(cases, forKey: .cases)
        }
        var r = encoder.container(keyedBy: RepeatKeys.self)
        try r.encode(repeats?.passAtK, forKey: .passAtK)
        try r.encode(repeats?.passAllK, forKey: .passAllK)
        try r.encode(repeats?.cases, forKey: .passKCases)
        var k = encoder.container(keyedBy: RerunKeys.self)
        if let cache { try k.encode(cache, forKey: .cache) }
        if let fingerprint {
            try k.encode(fingerprint.sha256, forKey: .configSHA256)
            try k.encode(fingerprint.fields, forKey: .configFields)
        }
        var p = encoder.container(keyedBy: CostKeys.self)
        try p.encode(price, forKey: .price)
        try p.encode(cost, forKey: .cost)
        if let batch { try k.encode(batch, forKey: .batch) }
    }
}
