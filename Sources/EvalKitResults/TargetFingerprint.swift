import Foundation
import EvalKitSupport

/// A target's resolved configuration as hashes (SPEC §12.2): one per field a rerun compares, and
/// the SHA-256 over them all (`config_sha256`). Secrets are redacted before hashing, so a
/// rotated key changes nothing and no key can be recovered from a report.
public struct TargetFingerprint: Sendable, Equatable {
    /// Field name → SHA-256 of its redacted description.
    public var fields: [String: String]

    public init(fields: [String: String]) {
        self.fields = fields
    }

    /// The SHA-256 over every field, in name order.
    public var sha256: String {
        SHA256.hex(fields.keys.sorted().map { "\($0)=\(fields[$0] ?? "")" }.joined(separator: "\n"))
    }

    /// The fields whose hashes differ between the two, in name order.
    public func changedFields(from earlier: TargetFingerprint) -> [String] {
        Set(fields.keys).union(earlier.fields.keys).sorted().filter { fields[$0] != earlier.fields[$0] }
    }

}
