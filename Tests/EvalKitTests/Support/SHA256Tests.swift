import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

/// SHA-256 against the FIPS 180-4 / NIST example vectors, and streaming equal to one shot.
@Suite struct SHA256Tests {
    @Test func matchesTheNISTVectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func hashesOneMillionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func updatingInPiecesEqualsOneShot() {
        let message = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let whole = SHA256.hex(message)
        for split in [0, 1, 55, 56, 63, 64, 65, 127, 128, 999, 1000] {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.hexDigest() == whole, "split at \(split)")
        }
        var byByte = SHA256()
        for byte in message { byByte.update([byte]) }
        #expect(byByte.hexDigest() == whole)
    }

    @Test func finalizingTwiceGivesTheSameDigestAndLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update("ab")
        #expect(hasher.hexDigest() == hasher.hexDigest())
        hasher.update("c")
        #expect(hasher.hexDigest() == SHA256.hex("abc"))
    }
}
