import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file written once from the start, then read back from any offset (SPEC §11:
/// what a large run must not hold in memory goes here). It is unlinked as soon as it is open,
/// so a crash leaves nothing behind; the bytes go away when the last reference does.
///
/// Appending is for one writer at a time; reading (`read(at:into:)`) is safe from several
/// threads once the writer has flushed.
public final class SpoolFile: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// How many bytes were appended, flushed or not.
    public private(set) var size = 0
    private static let bufferSize = 1 << 16

    /// A new, empty file in the temporary folder; `WriteError` when none can be made.
    public init() throws(AtomicFile.WriteError) {
        var template = Array((FileManager.default.temporaryDirectory.path + "/evals-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw AtomicFile.WriteError(path: "a temporary spool file", message: AtomicFile.errnoText()) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { close(fd) }

    public func append(_ bytes: some Sequence<UInt8>) throws(AtomicFile.WriteError) {
        let before = buffer.count
        buffer.append(contentsOf: bytes)
        size += buffer.count - before
        if buffer.count >= Self.bufferSize { try flush() }
    }

    public func append(_ text: String) throws(AtomicFile.WriteError) {
        try append(text.utf8)
    }

    /// Writes what is buffered to the file.
    public func flush() throws(AtomicFile.WriteError) {
        if let failure = buffer.withUnsafeBytes({ AtomicFile.writeAll($0, to: fd) }) {
            throw AtomicFile.WriteError(path: "a temporary spool file", message: failure)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads up to `into.count` bytes from `offset` of what was flushed; 0 at the end.
    public func read(at offset: Int, into: UnsafeMutableRawBufferPointer) throws(AtomicFile.WriteError) -> Int {
        while true {
            let count = pread(fd, into.baseAddress!, into.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw AtomicFile.WriteError(path: "a temporary spool file", message: AtomicFile.errnoText()) }
        }
    }

    /// Hands the file's bytes, from the start, to `write` in chunks; safe from several threads.
    public func copy(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: Self.bufferSize)
        var offset = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { bytes throws(AtomicFile.WriteError) in try read(at: offset, into: bytes) }
            if count == 0 { return }
            try chunk.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            offset += count
        }
    }
}
