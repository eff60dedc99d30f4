import YAMLLite
import EvalKitSupport

/// Expands `${VAR}` in a target's fields: checking syntax when the suite loads, substituting
/// the environment when the target is resolved, or listing the variables that are missing.
struct FieldExpander {
    enum Mode {
        /// Load time: references are checked and left as written.
        case check
        /// Use time: references are replaced; an unset or empty variable is an error.
        case resolve([String: String])
        /// References are left as written; unset or empty variables are collected.
        case collectMissing([String: String])
    }

    let mode: Mode
    let target: String
    /// The values of the variables that hold secrets (`isSecret`), in order of use: never to be shown.
    private(set) var secrets: [String] = []
    /// The unset or empty variables found in `collectMissing` mode, each once.
    private(set) var missing: [String] = []

    init(mode: Mode, target: String) {
        self.mode = mode
        self.target = target
    }

    /// Whether `text` is what will be used (so checks of its content apply): after resolving, or without references.
    func isFinal(_ text: String) -> Bool {
        if case .resolve = mode { return true }
        guard case .success(let pieces) = VariableReference.pieces(of: text) else { return false }
        return !pieces.contains { if case .variable = $0 { true } else { false } }
    }

    mutating func expand(_ text: String, at node: Node, field: String, reader: SchemaReader) throws(Diagnostic) -> String {
        let pieces: [VariableReference.Piece]
        switch VariableReference.pieces(of: text) {
        case .success(let result): pieces = result
        case .failure(let error): throw reader.error("\(error.message) (in \(field))", at: node.mark)
        }
        switch mode {
        case .check:
            return text
        case .collectMissing(let environment):
            for case .variable(let name) in pieces where (environment[name] ?? "").isEmpty && !missing.contains(name) {
                missing.append(name)
            }
            return text
        case .resolve(let environment):
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let literal): out += literal
                case .variable(let name):
                    guard let value = environment[name] else {
                        throw reader.error("target '\(target)': environment variable \(name) is not set (used in \(field))", at: node.mark)
                    }
                    guard !value.isEmpty else {
                        throw reader.error("target '\(target)': environment variable \(name) is empty (used in \(field))", at: node.mark)
                    }
                    if Self.isSecret(variable: name, field: field) {
                        if let problem = Self.tooShort(value, variable: name, target: target, field: field) { throw reader.error(problem, at: node.mark) }
                        if !secrets.contains(value) { secrets.append(value) }
                    }
                    out += value
                }
            }
            return out
        }
    }

    /// Whether the value of `${name}` used in `field` is a secret, to be redacted everywhere: every
    /// variable in a `headers` value; in any field, a variable whose name says it holds a
    /// credential (a `_`-separated word such as KEY or TOKEN); in a command's `env`, also a variable
    /// given to an entry whose name says so. Other values (a port, a model name, a persona) are not.
    static func isSecret(variable name: String, field: String) -> Bool {
        if field.hasPrefix("headers.") || namesCredential(name) { return true }
        return field.hasPrefix("env.") && namesCredential(String(field.dropFirst("env.".count)))
    }

    /// The words of a variable's name that say it holds a credential.
    static let credentialWords: Set<String> = ["KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "CREDENTIALS", "AUTH"]

    /// Whether a `_`-separated word of `name` (in any case) is one of `credentialWords`: `HF_TOKEN`, `my_api_key`.
    static func namesCredential(_ name: String) -> Bool {
        name.uppercased().split(separator: "_").contains { credentialWords.contains(String($0)) }
    }

    /// Why `value` cannot be a secret, or nil: shorter than `Redactor.minimumSecretLength` scalars,
    /// it would be redacted out of ordinary text (numbers, words) in every report.
    static func tooShort(_ value: String, variable: String, target: String, field: String) -> String? {
        let length = value.unicodeScalars.count
        guard length < Redactor.minimumSecretLength else { return nil }
        return "target '\(target)': environment variable \(variable) (used in \(field)) holds a secret of \(length) character\(length == 1 ? "" : "s"); "
            + "secrets must have at least \(Redactor.minimumSecretLength), since every report redacts them wherever they appear; "
            + "use a longer value, or write a value that is not secret in the suite itself"
    }
}
