using FaceChain.Vision;

namespace FaceChain.Vision.Tests;

public sealed class FaceOrderTests
{
    private static DetectedFace Face(float x, float y, float score = 0.9f) =>
        new(new FaceBox(x, y, 50, 50), [], score, -1);

    [Fact]
    public void RowsTopToBottomThenLeftToRightWithSmallVerticalJitter()
    {
        var ordered = FaceOrder.Number([Face(300, 12), Face(0, 200), Face(100, 0), Face(200, 210)]);
        Assert.Equal([100f, 300f, 0f, 200f], ordered.Select(f => f.Box.X));
        Assert.Equal([0, 1, 2, 3], ordered.Select(f => f.Index));
    }

    [Fact]
    public void NmsKeepsBestOfOverlappingBoxes()
    {
        var kept = NonMaxSuppression.Apply([Face(0, 0, 0.7f), Face(5, 5, 0.95f), Face(200, 0, 0.8f)], 0.3f);
        Assert.Equal(2, kept.Count);
        Assert.Equal(0.95f, kept[0].Score);
    }
}
