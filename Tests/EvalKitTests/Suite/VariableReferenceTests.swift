import Testing
@testable import EvalKit
@testable import EvalKitSuite

@Suite struct VariableReferenceTests {
    @Test(arguments: [
        ("plain", [VariableReference.Piece.text("plain")]),
        ("${A}", [.variable("A")]),
        ("tunedModels/${MODEL_ID}-v2", [.text("tunedModels/"), .variable("MODEL_ID"), .text("-v2")]),
        ("Bearer ${_T1}", [.text("Bearer "), .variable("_T1")]),
        ("cost $5", [.text("cost $5")]),
        ("$${LITERAL}", [.text("${LITERAL}")]),
        ("$$ and $", [.text("$$ and $")]),
    ])
    func splitsReferences(text: String, pieces: [VariableReference.Piece]) throws {
        #expect(try VariableReference.pieces(of: text).get() == pieces)
    }

    @Test(arguments: ["${", "${}", "${1A}", "${A-B}", "x ${OPEN"])
    func rejectsMalformedReferences(text: String) {
        #expect(throws: VariableReference.SyntaxError.self) { try VariableReference.pieces(of: text).get() }
    }
}
