/// Removes known secret values from text a provider puts in an error message, as defense in depth.
///
/// Messages are built so that they never hold a key; this catches a server that echoes one back
/// (in an error body, a header or a URL) and any value of the target that came from the environment.
struct SecretRedactor: Sendable {
    static let mask = "[REDACTED]"

    private let secrets: [String]

    init(_ secrets: [String]) {
        var forms: Set<String> = []
        for secret in secrets where !secret.isEmpty {
            forms.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.insert(encoded) }
        }
        // Longest first, so a secret that contains another is removed whole.
        self.secrets = forms.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by `[REDACTED]`.
    func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mask)
        }
        return text
    }

    /// Server text made fit for a one-line message: secrets removed, whitespace runs collapsed,
    /// control characters made visible, cut to `limit` characters.
    func line(_ text: String, limit: Int = 300) -> String {
        let collapsed = self(text).split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return self(Visible.text(collapsed, limit: limit))
    }
}
