/// One column of the screen: a grapheme cluster with its style.
///
/// A wide character (2 columns) is stored in its first cell with `width == 2`; the column after it holds a
/// continuation cell (`width == 0`, empty text) that the backend skips.
///
/// A cell holds no reference: its scalars are stored inline, so a screen of cells is copied, compared and freed
/// as plain memory (a frame writes, compares and drops thousands of them). A cluster keeps its first
/// ``maximumScalars`` scalars, which is more than the terminal draws of one (the base and the marks on it).
public struct Cell: Hashable, Sendable {
    /// How many of a cluster's scalars a cell keeps.
    public static let maximumScalars = 4

    /// The cluster's first scalars' values, the unused lanes zero (a cell never holds U+0000: a control character
    /// is written in its escaped form).
    public private(set) var scalarValues: SIMD4<UInt32>
    /// How it is drawn.
    public var style: CellStyle
    private var columns: UInt8

    /// Columns taken: 1, 2 for a wide character, 0 for the continuation of one.
    public var width: Int {
        get { Int(columns) }
        set { columns = UInt8(clamping: newValue) }
    }

    /// A cell; `text` must be one safe grapheme cluster of display width `width`.
    public init(text: String, style: CellStyle = .plain, width: Int = 1) {
        var values = SIMD4<UInt32>(repeating: 0)
        for (lane, scalar) in text.unicodeScalars.prefix(Self.maximumScalars).enumerated() {
            values[lane] = scalar.value
        }
        self.init(scalarValues: values, style: style, width: width)
    }

    /// A cell of one scalar (not U+0000).
    init(scalar: Unicode.Scalar, style: CellStyle = .plain, width: Int = 1) {
        self.init(scalarValues: SIMD4(scalar.value, 0, 0, 0), style: style, width: width)
    }

    private init(scalarValues: SIMD4<UInt32>, style: CellStyle, width: Int) {
        self.scalarValues = scalarValues
        self.style = style
        self.columns = UInt8(clamping: width)
    }

    /// The grapheme cluster drawn here; empty for a continuation cell.
    public var text: String {
        var text = String.UnicodeScalarView()
        for scalar in scalars { text.append(scalar) }
        return String(text)
    }

    /// The cluster's scalars, in order.
    public var scalars: [Unicode.Scalar] {
        (0..<Self.maximumScalars).compactMap { scalarValues[$0] == 0 ? nil : Unicode.Scalar(scalarValues[$0]) }
    }

    /// The first scalar, or nil for a continuation cell.
    public var firstScalar: Unicode.Scalar? { scalarValues[0] == 0 ? nil : Unicode.Scalar(scalarValues[0]) }

    /// Whether the cluster is this one scalar alone.
    public func isSingle(_ scalar: Unicode.Scalar) -> Bool { scalarValues == SIMD4(scalar.value, 0, 0, 0) }

    /// An unstyled space.
    public static let blank = Cell(scalar: " ")

    /// A space in the given style.
    public static func space(_ style: CellStyle) -> Cell { Cell(scalar: " ", style: style) }

    /// The right half of a wide character.
    public static func continuation(_ style: CellStyle) -> Cell {
        Cell(scalarValues: SIMD4(repeating: 0), style: style, width: 0)
    }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { columns == 0 }
}
