import YAMLLite

extension Suite.Template {
    /// The template that sends the prompt as it is.
    static let promptOnly = Suite.Template(text: "{{prompt}}")

    /// A piece of a template: literal text, or a `{{ name }}` placeholder as written.
    enum Segment: Equatable {
        case text(String)
        case placeholder(name: String, raw: String)
    }

    /// The template cut into literal text and placeholders. A placeholder is `{{`, optional
    /// spaces, a name of `[A-Za-z0-9_.-]`, optional spaces, `}}`; any other `{{` is literal text.
    var segments: [Segment] {
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let (name, end) = Self.placeholder(in: scalars, at: index) {
                if !literal.isEmpty {
                    segments.append(.text(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                segments.append(.placeholder(name: name, raw: String(String.UnicodeScalarView(scalars[index..<end]))))
                index = end
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { segments.append(.text(String(literal))) }
        return segments
    }

    /// The names the template uses, in order, repeats included.
    var placeholderNames: [String] {
        segments.compactMap {
            if case .placeholder(let name, _) = $0 { return name }
            return nil
        }
    }

    /// The template rendered in one pass: `{{prompt}}` is the prompt and `{{name}}` the var's
    /// value; the inserted text is never rendered again. An unknown name stays as written.
    func render(prompt: String, vars: [String: String]) -> String {
        // Most cases send their prompt as it is: no need to cut the template up for each of them.
        if text == Self.promptOnly.text { return prompt }
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text): out += text
            case .placeholder(let name, let raw): out += name == "prompt" ? prompt : vars[name] ?? raw
            }
        }
        return out
    }

    /// The first name the template uses that is neither `prompt` nor one of `vars`, with where its `{{` is in `source`.
    func firstUnknownName(knowing vars: Set<String>, in source: SourceFile?) -> (name: String, mark: Mark)? {
        var seen: [String: Int] = [:]
        for segment in segments {
            guard case .placeholder(let name, let raw) = segment else { continue }
            let occurrence = seen[raw, default: 0]
            seen[raw] = occurrence + 1
            if name != "prompt" && !vars.contains(name) {
                return (name, source.flatMap { locate(raw, occurrence: occurrence, in: $0) } ?? mark)
            }
        }
        return nil
    }

    /// Where the `occurrence`-th (from 0) `raw` placeholder text is, searching the source from the template's mark.
    private func locate(_ raw: String, occurrence: Int, in source: SourceFile) -> Mark? {
        guard !mark.isNone, mark.line > 0 else { return nil }
        let needle = Array(raw.unicodeScalars)
        var remaining = occurrence
        var lineNumber = mark.line
        while let line = source.line(lineNumber) {
            let scalars = Array(line.unicodeScalars)
            var column = lineNumber == mark.line ? max(mark.column - 1, 0) : 0
            while column + needle.count <= scalars.count {
                if Array(scalars[column..<column + needle.count]) == needle {
                    if remaining == 0 { return Mark(line: lineNumber, column: column + 1) }
                    remaining -= 1
                    column += needle.count
                } else {
                    column += 1
                }
            }
            lineNumber += 1
        }
        return nil
    }

    private static func placeholder(in scalars: [Unicode.Scalar], at start: Int) -> (name: String, end: Int)? {
        guard start + 1 < scalars.count, scalars[start] == "{", scalars[start + 1] == "{" else { return nil }
        var index = start + 2
        func skipSpaces() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        }
        skipSpaces()
        var name = String.UnicodeScalarView()
        while index < scalars.count, isNameScalar(scalars[index]) {
            name.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        skipSpaces()
        guard index + 1 < scalars.count, scalars[index] == "}", scalars[index + 1] == "}" else { return nil }
        return (String(name), index + 2)
    }

    /// Whether the scalar may appear in a placeholder or var name.
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }
}
