import CNCursesW
import ShoutUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Terminal {
    /// ncurses keeps at most this many wide characters in one cell (`CCHARW_MAX`).
    private static let maximumCharactersPerCell = 5

    /// Writes one cell (a whole wide character) at a position.
    func write(_ cell: Cell, x: Int, y: Int, window: UnsafeMutablePointer<WINDOW>?) {
        for (offset, text) in drawable(cell).enumerated() {
            var characters = text
            characters.append(0)
            var cchar = cchar_t()
            let (attributes, pair) = self.attributes(for: cell.style)
            let status = characters.withUnsafeBufferPointer { shout_setcchar(&cchar, $0.baseAddress, attributes, pair) }
            guard status != ERR else { continue }
            // Writing the bottom-right cell returns ERR (the cursor cannot advance) but the cell is written.
            _ = mvwadd_wch(window, Int32(y), Int32(x + offset), &cchar)
        }
    }

    /// What to hand ncurses for a cell: one run of `wchar_t` per column it is written to (usually one).
    ///
    /// Only the first scalar and the zero-width scalars after it are kept, up to a ZWJ, so an emoji ZWJ sequence is
    /// drawn as its first emoji. If the C library disagrees with `DisplayWidth` about the cell's width (ncurses
    /// positions by `wcwidth`), or the locale is not UTF-8, a stand-in of the right width is drawn instead, so the
    /// rest of the row stays aligned.
    private func drawable(_ cell: Cell) -> [[wchar_t]] {
        let scalars = Array(cell.text.unicodeScalars)
        guard let base = scalars.first else { return [] }
        if !isUTF8 && !cell.text.unicodeScalars.allSatisfy(\.isASCII) {
            return Array(repeating: [wchar_t(63)], count: max(1, cell.width))  // "?"
        }
        guard shout_wcwidth(wchar_t(base.value)) == Int32(cell.width) else {
            return cell.width == 2 ? [[wchar_t(0xFFFD)], [wchar_t(32)]] : [[wchar_t(0xFFFD)]]
        }
        var characters = [wchar_t(base.value)]
        for scalar in scalars.dropFirst() {
            guard characters.count < Self.maximumCharactersPerCell, scalar.value != 0x200D,
                shout_wcwidth(wchar_t(scalar.value)) == 0
            else { break }
            characters.append(wchar_t(scalar.value))
        }
        return [characters]
    }
}
