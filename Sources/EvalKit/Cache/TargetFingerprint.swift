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

    /// The target as its cases see it: its system, template and settings, else the suite's `defaults`.
    public init(_ target: Suite.ResolvedTarget, defaults: Suite.Defaults) {
        let redact = Redactor(target.secrets)
        let parts: [String: String] = [
            "provider": target.config.name,
            "model": target.config.model ?? "",
            "provider fields": Self.requestDescription(target),
            "system": target.system ?? defaults.system ?? "\u{0}none",
            "template": (target.template ?? defaults.template)?.text ?? "\u{0}none",
            "settings": ResponseCache.settingsText(defaults.settings.overlaid(by: target.settings)),
        ]
        fields = parts.mapValues { SHA256.hex(redact($0)) }
    }

    /// The SHA-256 over every field, in name order.
    public var sha256: String {
        SHA256.hex(fields.keys.sorted().map { "\($0)=\(fields[$0] ?? "")" }.joined(separator: "\n"))
    }

    /// The fields whose hashes differ between the two, in name order.
    public func changedFields(from earlier: TargetFingerprint) -> [String] {
        Set(fields.keys).union(earlier.fields.keys).sorted().filter { fields[$0] != earlier.fields[$0] }
    }

    /// What a cache key says of the target: its provider and every field of it, redacted, the
    /// same in every process (a dictionary's order is not, so the command's `env` is sorted).
    static func requestDescription(_ target: Suite.ResolvedTarget) -> String {
        var text = String(describing: target.config)
        if case .command(let command) = target.config {
            let env = command.env.keys.sorted().map { "\($0)=\(command.env[$0] ?? "")" }
            text = "command(run: \(command.run), env: \(env), cwd: \(command.cwd ?? "-"))"
        }
        return Redactor(target.secrets)(text)
    }
}
