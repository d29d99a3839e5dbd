import CNCursesW
import ShoutUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Terminal {
    /// Writes one cell (a whole wide character) at a position, without allocating: the characters go through a
    /// buffer on the stack.
    func write(_ cell: Cell, x: Int, y: Int, window: UnsafeMutablePointer<WINDOW>?) {
        guard let base = cell.firstScalar else { return }
        let (attributes, pair) = self.attributes(for: cell.style)
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: Cell.maximumScalars + 1) { characters in
            func put(_ count: Int, at column: Int) {
                characters[count] = 0
                var cchar = cchar_t()
                guard shout_setcchar(&cchar, characters.baseAddress, attributes, pair) != ERR else { return }
                // Writing the bottom-right cell returns ERR (the cursor cannot advance) but the cell is written.
                _ = mvwadd_wch(window, Int32(y), Int32(column), &cchar)
            }
            let values = cell.scalarValues
            if !isUTF8 && any(values .>= 0x80) {
                // Not a UTF-8 locale: the ASCII form of one of the screens' own symbols, else a `?` for each column.
                let standIn = cell.width == 1 ? ASCIIStandIn.character(for: base.value) : nil
                for offset in 0..<max(1, cell.width) {
                    characters[0] = wchar_t(standIn ?? 63)  // 63: "?"
                    put(1, at: x + offset)
                }
                return
            }
            // ncurses positions by wcwidth: if the C library disagrees with DisplayWidth, a stand-in of the right
            // width keeps the rest of the row aligned.
            guard shout_wcwidth(wchar_t(base.value)) == Int32(cell.width) else {
                characters[0] = 0xFFFD
                put(1, at: x)
                if cell.width == 2 {
                    characters[0] = 32
                    put(1, at: x + 1)
                }
                return
            }
            // The base, then the zero-width scalars after it up to a ZWJ: an emoji ZWJ sequence is drawn as its
            // first emoji.
            characters[0] = wchar_t(base.value)
            var count = 1
            while count < Cell.maximumScalars, values[count] != 0, values[count] != 0x200D,
                shout_wcwidth(wchar_t(values[count])) == 0
            {
                characters[count] = wchar_t(values[count])
                count += 1
            }
            put(count, at: x)
        }
    }
}
