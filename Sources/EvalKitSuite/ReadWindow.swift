import Foundation

/// A buffer a file is read into a chunk at a time, its bytes not yet consumed being
/// `buffer[start..<end]` (SPEC §11: a dataset and the spool of its cases are read this way, never
/// whole).
struct ReadWindow {
    private(set) var buffer: [UInt8]
    /// The first byte not yet consumed.
    var start = 0
    /// The end of the bytes read.
    private(set) var end = 0

    init(capacity: Int) {
        buffer = Array(repeating: 0, count: capacity)
    }

    /// How many bytes are read and not yet consumed.
    var pending: Int { end - start }

    /// Moves the bytes not yet consumed to the front, then doubles the buffer until at least
    /// `free` more bytes fit after them.
    mutating func compact(freeing free: Int) {
        let pending = pending
        if start > 0 {
            let from = start
            buffer.withUnsafeMutableBytes { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + from, pending)
            }
            start = 0
            end = pending
        }
        var size = buffer.count
        while size - end < free { size *= 2 }
        if size > buffer.count { buffer += Array(repeating: 0, count: size - buffer.count) }
    }

    /// Reads once into the free space after the bytes read, with `read`, which returns how many
    /// bytes it wrote (0 at the end of its source, below 0 for an error); returns that.
    mutating func read(_ read: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        let end = end
        let count = buffer.withUnsafeMutableBytes { read(UnsafeMutableRawBufferPointer(rebasing: $0[end...])) }
        if count > 0 { self.end += count }
        return count
    }
}
