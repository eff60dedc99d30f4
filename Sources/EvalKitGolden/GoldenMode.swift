/// What a run does with golden files: compare (`check`), rewrite (`update`) or ignore them (`off`).
public enum GoldenMode: String, Sendable, CaseIterable {
    case check, update, off

    /// The mode named by `--golden VALUE`, or nil for anything else.
    public init?(option: String) {
        self.init(rawValue: option)
    }

    /// The values `--golden` accepts, for usage messages: `check|update|off`.
    public static var optionValues: String {
        allCases.map(\.rawValue).joined(separator: "|")
    }
}
