import YAMLLite

/// Parses `text` as a file named `test.yaml-lite`.
func parse(_ text: String) throws(Diagnostic) -> Node? {
    try YAMLLite.parse(SourceFile(path: "test.yaml-lite", text: text))
}

/// A compact, unambiguous rendering of a node's content for table-driven expectations:
/// strings quoted with Swift-style escapes, `null`, `[a, b]` and `{k: v}`.
func dump(_ node: Node?) -> String {
    guard let node else { return "nil" }
    switch node.content {
    case .null:
        return "null"
    case .scalar(let text):
        return quote(text)
    case .sequence(let items):
        return "[" + items.map { dump($0) }.joined(separator: ", ") + "]"
    case .mapping(let entries):
        return "{" + entries.map { quote($0.key) + ": " + dump($0.value) }.joined(separator: ", ") + "}"
    }
}

private func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// The node with every mark set to `.none` and every style to its default, for comparing content.
func normalized(_ node: Node) -> Node {
    switch node.content {
    case .null: return .null
    case .scalar(let text): return .scalar(text)
    case .sequence(let items): return .sequence(items.map(normalized))
    case .mapping(let entries): return .mapping(entries.map { Node.Entry(key: $0.key, value: normalized($0.value)) })
    }
}

/// The marker placed just before the character a diagnostic must point at.
let caretMarker: Character = "‸"

/// Removes the caret marker from `text`, returning the text and the mark of the character after it.
func unmark(_ text: String) -> (text: String, mark: Mark) {
    var line = 1
    var column = 1
    var clean = ""
    var found: Mark?
    for scalar in text.unicodeScalars {
        if Character(scalar) == caretMarker {
            found = Mark(line: line, column: column)
            continue
        }
        clean.unicodeScalars.append(scalar)
        if scalar == "\n" {
            line += 1
            column = 1
        } else if !(line == 1 && column == 1 && scalar == "\u{FEFF}") {
            column += 1
        }
    }
    precondition(found != nil, "test input lacks the caret marker")
    return (clean, found!)
}

/// A small deterministic random number generator (SplitMix64), so generated tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
