import LinearTimeTesting
import Testing
import YAMLLite

/// Long scalars parse and write in time linear in their length.
@Suite struct LinearTimeTests {
    @Test func literalBlockScalarParsesInLinearTime() throws {
        try expectLinearTime("literal block scalar", size: 4_000, input: { lines in
            "text: |\n" + String(repeating: "  a line of the answer\n", count: lines)
        }) { yaml in
            let text = try parse(yaml)?.entries?.first?.value.scalar
            #expect(text?.hasSuffix("answer\n") == true)
        }
    }

    @Test func foldedBlockScalarParsesInLinearTime() throws {
        try expectLinearTime("folded block scalar", size: 6_000, input: { lines in
            "text: >\n" + String(repeating: "  a line of the answer\n\n  more\n", count: lines / 2)
        }) { yaml in
            let text = try parse(yaml)?.entries?.first?.value.scalar
            #expect(text?.hasSuffix("more\n") == true)
        }
    }

    /// Quoted scalars are built like block scalars; the old code took only about 19 times as long
    /// here (it copied the text per group of empty lines), so these two guard the shared builder.
    @Test func multiLineDoubleQuotedScalarParsesInLinearTime() throws {
        try expectLinearTime("double-quoted scalar", size: 4_000, input: { lines in
            "text: \"start\n" + String(repeating: " \\u00e9 \n\n", count: lines / 2) + "  end\"\n"
        }) { yaml in
            let text = try parse(yaml)?.entries?.first?.value.scalar
            #expect(text?.hasSuffix("\nend") == true)
        }
    }

    @Test func multiLineSingleQuotedScalarParsesInLinearTime() throws {
        try expectLinearTime("single-quoted scalar", size: 4_000, input: { lines in
            "text: 'start\n" + String(repeating: " '' \n\n", count: lines / 2) + "  end'\n"
        }) { yaml in
            let text = try parse(yaml)?.entries?.first?.value.scalar
            #expect(text?.hasSuffix("\nend") == true)
        }
    }

    @Test func trailingNewlinesWriteInLinearTime() {
        expectLinearTime("trailing newlines", size: 1_000, input: { count in
            Node.mapping(["output": .scalar("answer\nline" + String(repeating: "\n", count: count))])
        }) { node in
            #expect(YAMLLite.write(node).hasPrefix("output: |+\n"))
        }
    }

    @Test func longNumberLikeScalarWritesInLinearTime() {
        expectLinearTime("digits followed by a letter", size: 150, input: { count in
            Node.mapping(["output": .scalar(String(repeating: "7", count: count) + "x")])
        }) { node in
            #expect(YAMLLite.write(node).hasSuffix("7x\n"))
        }
    }
}
