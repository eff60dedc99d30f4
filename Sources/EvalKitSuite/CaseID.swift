/// Case ids (SPEC §4.1): the characters an id may use, and the id derived from a prompt.
enum CaseID {
    /// The longest derived id.
    static let maximumDerivedLength = 64
    /// How much of the prompt a cut derived id keeps before its hash.
    static let keptPrefixLength = 55

    /// Whether `id` is a non-empty run of `[A-Za-z0-9._-]`.
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { isKept($0) || $0 == "-" }
    }

    /// The id derived from a prompt: each run of characters outside `[A-Za-z0-9._]` becomes `-`
    /// and `-` is trimmed at both ends. An id longer than 64 characters keeps its first 55
    /// (trimmed again), then `-` and 8 hex digits of the FNV-1a 64 hash of the whole prompt, so
    /// prompts that share a long prefix still get different ids. It may be empty.
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
        let trimmed = trimmingDashes(Substring(id))
        guard trimmed.unicodeScalars.count > maximumDerivedLength else { return String(trimmed) }
        let kept = trimmingDashes(Substring(trimmed.unicodeScalars.prefix(keptPrefixLength)))
        return kept + "-" + hash(prompt)
    }

    /// 8 lowercase hex digits: the high 32 bits of the FNV-1a 64 hash of the text's UTF-8 bytes.
    static func hash(_ text: String) -> String {
        let digits = String(Shard.fnv1a64(text) >> 32, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func trimmingDashes(_ text: Substring) -> Substring {
        var text = text
        while text.hasPrefix("-") { text.removeFirst() }
        while text.hasSuffix("-") { text.removeLast() }
        return text
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_": true
        default: false
        }
    }
}
