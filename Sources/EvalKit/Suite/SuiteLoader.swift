import Foundation
import YAMLLite

/// One `--set PATH=VALUE` override (SPEC §4.5).
public struct SuiteOverride: Sendable, Equatable {
    public var path: [String]
    /// The value as one line of yaml-lite text.
    public var value: String
    /// The option as given, for messages.
    public var option: String

    public init(path: [String], value: String, option: String) {
        self.path = path
        self.value = value
        self.option = option
    }
}

/// Reads and validates suite files (SPEC §4).
public enum SuiteLoader {
    public static func load(path: String, overrides: [SuiteOverride] = []) throws(Diagnostic) -> Suite {
        throw Diagnostic("suite loader not implemented", path: path)
    }
}
