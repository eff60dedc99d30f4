/// The cases of one comparison whose result or output changed, as the text and Markdown reports
/// list them (regressions, then fixes, then outputs that changed), gathered one candidate case at
/// a time in suite order, so a spooled run lists them without keeping its cases (SPEC §7.2, §11).
public struct ChangedCases: Sendable, Equatable {
    /// One listed case: its id and both sides' outputs.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var before: String?
        public var after: String?

        public init(id: String, before: String?, after: String?) {
            self.id = id
            self.before = before
            self.after = after
        }
    }

    /// The listed cases of each kind, in suite order, at most `listLimit` of each.
    public private(set) var regressed: [Entry] = []
    public private(set) var fixed: [Entry] = []
    public private(set) var changed: [Entry] = []
    /// How many cases of every kind there were, listed or not.
    public private(set) var count = 0

    private let listLimit: Int

    public init(listLimit: Int = .max) {
        self.listLimit = listLimit
    }

    /// The changed cases of `candidate` (annotated by a comparison) against `baseline`'s outputs, every one listed.
    public init(candidate: [CaseReport], baseline: [CaseReport]) {
        self.init()
        var before: [String: String?] = [:]
        for item in baseline { before[item.id] = item.output }
        for item in candidate { add(item, before: before[item.id] ?? nil) }
    }

    /// Cases that did not fit under the limit.
    public var unlisted: Int { count - regressed.count - fixed.count - changed.count }

    /// Notes the next candidate case, annotated with its transition and `outputChanged`, with the
    /// baseline's output of the same case.
    public mutating func add(_ item: CaseReport, before: String?) {
        let entry = Entry(id: item.id, before: before, after: item.output)
        switch item.transition {
        case .regressed: Self.list(entry, in: &regressed, limit: listLimit)
        case .fixed: Self.list(entry, in: &fixed, limit: listLimit)
        default:
            guard item.outputChanged == true else { return }
            Self.list(entry, in: &changed, limit: listLimit)
        }
        count += 1
    }

    private static func list(_ entry: Entry, in entries: inout [Entry], limit: Int) {
        if entries.count < limit { entries.append(entry) }
    }
}
