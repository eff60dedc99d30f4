import Foundation

/// Replaces a target's secrets by `[redacted]` in text the runner reports.
struct Redactor: Sendable {
    private let secrets: [String]

    init(secrets: [String]) {
        // Longest first, so a secret containing another is replaced whole.
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return text
    }

    func callAsFunction(_ text: String?) -> String? {
        text.map { self($0) }
    }
}
