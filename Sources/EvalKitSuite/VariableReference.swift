/// `${NAME}` references to environment variables in target fields (SPEC §4.4).
///
/// NAME is a letter or `_` followed by letters, digits and `_`. `$${` writes a literal `${`;
/// a `$` not followed by `{` is literal. Any other `${` is an error.
enum VariableReference {
    /// A piece of a field: literal text or a variable's name.
    enum Piece: Equatable {
        case text(String)
        case variable(String)
    }

    /// The field cut into text and references, or a message saying what is wrong with a `${`.
    static func pieces(of text: String) -> Result<[Piece], SyntaxError> {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                literal.append("$")
                literal.append("{")
                index += 3
            } else if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" {
                var end = index + 2
                var name = String.UnicodeScalarView()
                while end < scalars.count, scalars[end] != "}" {
                    name.append(scalars[end])
                    end += 1
                }
                guard end < scalars.count else {
                    return .failure(SyntaxError(message: "'${' is not closed: write ${NAME}, or $${ for a literal ${"))
                }
                let variable = String(name)
                guard isValidName(variable) else {
                    return .failure(SyntaxError(message: "'${\(variable)}' is not a variable reference: a name is a letter or _ followed by letters, digits and _"))
                }
                flush()
                pieces.append(.variable(variable))
                index = end + 1
            } else {
                literal.append(scalar)
                index += 1
            }
        }
        flush()
        return .success(pieces)
    }

    /// What is wrong with a `${` in a field.
    struct SyntaxError: Error, Equatable {
        var message: String
    }

    /// Whether `name` can be an environment variable's name here.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }
}
