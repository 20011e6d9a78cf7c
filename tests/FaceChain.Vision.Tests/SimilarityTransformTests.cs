using FaceChain.Vision;

namespace FaceChain.Vision.Tests;

public sealed class SimilarityTransformTests
{
    [Fact]
    public void FitRecoversKnownTransformExactly()
    {
        var known = new SimilarityTransform(1.7 * Math.Cos(0.4), 1.7 * Math.Sin(0.4), 12.5, -3.25);
        var source = new[] { new PointF2(3, 4), new PointF2(40, 9), new PointF2(22, 30), new PointF2(8, 51), new PointF2(35, 50) };
        var fitted = SimilarityTransform.Fit(source, source.Select(known.Apply).ToArray());
        Assert.Equal(known.A, fitted.A, 5);
        Assert.Equal(known.B, fitted.B, 5);
        Assert.Equal(known.Tx, fitted.Tx, 3);
        Assert.Equal(known.Ty, fitted.Ty, 3);
    }

    [Theory]
    [InlineData(112)]
    [InlineData(256)]
    [InlineData(512)]
    public void TemplateMapsOntoItselfAndScalesWithCropSize(int size)
    {
        var template = FaceAligner.Template(size);
        var identity = SimilarityTransform.Fit(template, template);
        Assert.Equal(1, identity.A, 6);
        Assert.Equal(0, identity.B, 6);
        var fromBase = SimilarityTransform.Fit(FaceAligner.Template(112), template);
        Assert.Equal(size / 112.0, fromBase.Scale, 5);
    }

    [Fact]
    public void InverseUndoesTransform()
    {
        var t = new SimilarityTransform(0.8, -0.3, 5, 7);
        var p = t.Inverse().Apply(t.Apply(new PointF2(10, 20)));
        Assert.Equal(10, p.X, 3);
        Assert.Equal(20, p.Y, 3);
    }
}
