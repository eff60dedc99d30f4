import YAMLLite

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
    /// The values that came from variables, in order of use: never to be shown.
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
                    if !secrets.contains(value) { secrets.append(value) }
                    out += value
                }
            }
            return out
        }
    }
}
