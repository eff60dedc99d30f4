/// What the text report's golden section shows of a target's cases, gathered one case at a time
/// in suite order, so a spooled run shows it without keeping its cases (SPEC §7.1, §11).
public struct GoldenTally: Sendable {
    /// Cases whose golden entry this run wrote (`updated`).
    public private(set) var updated = 0
    /// New entries that did not fail their case: how many, and the first `recordedIDLimit` ids.
    public private(set) var recorded = 0
    public private(set) var recordedIDs: [String] = []
    /// The cases the section lists, in suite order: golden differences, new entries that failed
    /// their case, and the first new entry that did not; at most `listLimit`.
    public private(set) var listed: [CaseReport] = []
    /// Cases `listed` had no room for.
    public private(set) var unlisted = 0

    public static let recordedIDLimit = 5
    private let listLimit: Int

    public init(listLimit: Int = .max) {
        self.listLimit = listLimit
    }

    /// The tally of cases held in memory, every one listed.
    public init(_ cases: [CaseReport]) {
        self.init()
        for item in cases { add(item) }
    }

    /// Whether a case failed for its golden check rather than a matcher.
    public static func failsForGolden(_ item: CaseReport) -> Bool {
        item.outcome == .failed && item.failureType == .golden
    }

    public mutating func add(_ item: CaseReport) {
        switch item.golden {
        case .updated:
            updated += 1
        case .changed:
            list(item)
        case .new:
            if Self.failsForGolden(item) {
                list(item)
                return
            }
            recorded += 1
            if recordedIDs.count < Self.recordedIDLimit { recordedIDs.append(item.id) }
            if recorded == 1 { list(item) }
        case .unchanged, .off:
            break
        }
    }

    private mutating func list(_ item: CaseReport) {
        if listed.count < listLimit { listed.append(item) } else { unlisted += 1 }
    }
}
