using FaceChain.Vision;

namespace FaceChain.Vision.Tests;

public sealed class FaceOrderTests
{
    private static DetectedFace Face(float x, float y, float score = 0.9f) =>
        new(new FaceBox(x, y, 50, 50), [], score, -1);

    [Fact]
    public void LeftToRightAcrossColumnsWithVerticalJitterIgnored()
    {
        // Staggered heads (a group photo): x decides, however the heads sit vertically.
        var ordered = FaceOrder.Number([Face(300, 12), Face(0, 200), Face(100, 0), Face(200, 210)]);
        Assert.Equal([0f, 100f, 200f, 300f], ordered.Select(f => f.Box.X));
        Assert.Equal([0, 1, 2, 3], ordered.Select(f => f.Index));
    }

    [Fact]
    public void FacesAboveOneAnotherGoTopToBottomEvenWhenTheLowerOneIsSlightlyFurtherLeft()
    {
        // A face standing behind another: same column (centre inside the leftmost face's span), so top first; the
        // column still comes before the face to its right.
        var ordered = FaceOrder.Number([Face(104, 10), Face(100, 200), Face(96, 400), Face(180, 100)]);
        Assert.Equal([(104f, 10f), (100f, 200f), (96f, 400f), (180f, 100f)], ordered.Select(f => (f.Box.X, f.Box.Y)));
    }

    [Fact]
    public void TheNumberingDoesNotDependOnTheDetectorsOutputOrder()
    {
        DetectedFace[] faces = [Face(300, 12), Face(0, 200), Face(100, 0), Face(200, 210), Face(104, 300)];
        var expected = FaceOrder.Number(faces).Select(f => (f.Box.X, f.Box.Y)).ToList();
        for (var shift = 1; shift < faces.Length; shift++)
        {
            var rotated = faces.Skip(shift).Concat(faces.Take(shift)).Reverse();
            Assert.Equal(expected, FaceOrder.Number(rotated).Select(f => (f.Box.X, f.Box.Y)));
        }
    }

    [Fact]
    public void NmsKeepsBestOfOverlappingBoxes()
    {
        var kept = NonMaxSuppression.Apply([Face(0, 0, 0.7f), Face(5, 5, 0.95f), Face(200, 0, 0.8f)], 0.3f);
        Assert.Equal(2, kept.Count);
        Assert.Equal(0.95f, kept[0].Score);
    }
}
