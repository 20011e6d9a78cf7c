namespace FaceChain.Vision;

/// <summary>
/// A 5×7 pixel font for the digits 0–9, so overlays can label faces without a font-rendering package
/// (SixLabors.ImageSharp.Drawing is not in our package set).
/// </summary>
public static class BitmapDigits
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    // One string per digit, rows top to bottom; '#' is ink.
    private static readonly string[][] Glyphs =
    [
        [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
        ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
        ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
        ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
        ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
        ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
        ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
        [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
        [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
    ];

    /// <summary>Whether the glyph of <paramref name="digit"/> has ink at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public static bool IsInk(int digit, int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digit, 9);
        return x is >= 0 and < GlyphWidth && y is >= 0 and < GlyphHeight && Glyphs[digit][y][x] == '#';
    }

    /// <summary>Width in glyph pixels of a number's text, with one blank column between digits.</summary>
    public static int TextWidth(int value) => (Digits(value).Count * (GlyphWidth + 1)) - 1;

    public static IReadOnlyList<int> Digits(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => c - '0').ToArray();
    }
}
