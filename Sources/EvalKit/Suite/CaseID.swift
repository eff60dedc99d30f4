/// Case ids (SPEC §4.1): the characters an id may use, and the id derived from a prompt.
enum CaseID {
    /// The longest derived id, before trimming `-`.
    static let maximumDerivedLength = 64

    /// Whether `id` is a non-empty run of `[A-Za-z0-9._-]`.
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { isKept($0) || $0 == "-" }
    }

    /// The id derived from a prompt: each run of characters outside `[A-Za-z0-9._]` becomes `-`,
    /// the result is cut to 64 characters, then `-` is trimmed at both ends. It may be empty.
    static func derive(from prompt: String) -> String {
        var id = ""
        var inRun = false
        for scalar in prompt.unicodeScalars {
            if isKept(scalar) {
                id.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                id.append("-")
                inRun = true
            }
        }
        let cut = id.unicodeScalars.prefix(maximumDerivedLength)
        var trimmed = Substring(String(String.UnicodeScalarView(cut)))
        while trimmed.hasPrefix("-") { trimmed.removeFirst() }
        while trimmed.hasSuffix("-") { trimmed.removeLast() }
        return String(trimmed)
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_": true
        default: false
        }
    }
}
