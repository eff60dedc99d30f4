import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

@Suite struct TemplateRenderingTests {
    @Test(arguments: [
        ("{{prompt}}", "P"),
        ("Q: {{ prompt }}\nA:", "Q: P\nA:"),
        ("{{lang}}: {{prompt}} ({{lang}})", "fr: P (fr)"),
        ("{{\tprompt\t}}", "P"),
        ("{{{prompt}}}", "{P}"),
        ("{\"a\": {{prompt}}}", "{\"a\": P}"),
        ("{{ not closed", "{{ not closed"),
        ("{{}} and {{ }}", "{{}} and {{ }}"),
    ])
    func rendersPlaceholders(text: String, rendered: String) {
        #expect(Suite.Template(text: text).render(prompt: "P", vars: ["lang": "fr"]) == rendered)
    }

    @Test func rendersInOnePass() {
        let template = Suite.Template(text: "{{a}} / {{prompt}}")
        let rendered = template.render(prompt: "prompt says {{a}}", vars: ["a": "var says {{prompt}}"])
        #expect(rendered == "var says {{prompt}} / prompt says {{a}}")
    }

    @Test func findsTheFirstUnknownNameAtItsBraces() {
        let source = SourceFile(path: "s.yaml-lite", text: "defaults:\n  template: \"{{prompt}} {{lang}} {{tone}}\"\n")
        let template = Suite.Template(text: "{{prompt}} {{lang}} {{tone}}", path: source.path, mark: Mark(line: 2, column: 13))
        let unknown = template.firstUnknownName(knowing: ["lang"], in: source)
        #expect(unknown?.name == "tone")
        #expect(unknown?.mark == Mark(line: 2, column: 34))
        #expect(template.firstUnknownName(knowing: ["lang", "tone"], in: source) == nil)
    }

    @Test func locatesRepeatedPlaceholdersInBlockScalars() {
        let text = "template: |\n  {{x}} is fine\n  but {{x}} again\n"
        let source = SourceFile(path: "s.yaml-lite", text: text)
        let template = Suite.Template(text: "{{x}} is fine\nbut {{x}} again\n", path: source.path, mark: Mark(line: 1, column: 11))
        #expect(template.firstUnknownName(knowing: [], in: source)?.mark == Mark(line: 2, column: 3))
    }
}
