import EvalKitSupport

/// HTML escaping for report text: model output is shown as text, never as markup.
///
/// ANSI escape sequences are stripped; `& < > " '` are escaped everywhere, in text and in
/// attribute values alike; NUL and the other characters a terminal would act on (`Visible.isHidden`)
/// are written as visible `\u{1B}`-style text; long text is cut with the count of what was left out.
enum HTMLEscaping {
    /// Text content for a `<pre>` or any element: line feeds and tabs kept, a CR before a line feed
    /// dropped, every other hidden character shown as `\u{…}` in a `<span class="c">`. Longer than
    /// `limit` characters, the text is cut and a `<span class="more">` says how much is left out.
    static func text(_ text: String, limit: Int? = nil) -> String {
        let scalars = Array(XMLEscaping.stripANSI(text).unicodeScalars)
        var out = ""
        out.reserveCapacity(min(scalars.count, limit ?? scalars.count) + 16)
        var index = 0
        while index < scalars.count {
            if let limit, index >= limit {
                let rest = scalars.count - index
                out += "<span class=\"more\">… \(rest) more character\(rest == 1 ? "" : "s")</span>"
                break
            }
            let scalar = scalars[index]
            switch scalar {
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n": break
            default:
                if Visible.isHidden(scalar) {
                    out += "<span class=\"c\">\\u{\(String(scalar.value, radix: 16, uppercase: true))}</span>"
                } else {
                    append(scalar, to: &out)
                }
            }
            index += 1
        }
        return out
    }

    /// An attribute value (to be written inside double quotes): ANSI stripped, markup characters
    /// and both quotes escaped, hidden characters (line feeds and tabs too) shown as `\u{…}` text.
    static func attribute(_ text: String) -> String {
        var out = ""
        for scalar in XMLEscaping.stripANSI(text).unicodeScalars {
            if Visible.isHidden(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                append(scalar, to: &out)
            }
        }
        return out
    }

    /// Text already made visible (no hidden characters left), with only markup characters escaped.
    static func plain(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars { append(scalar, to: &out) }
        return out
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }
}
