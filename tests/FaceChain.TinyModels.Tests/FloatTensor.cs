namespace FaceChain.TinyModels.Tests;

/// <summary>Test-side tensor: float values plus shape, converted to the session's element type on run.</summary>
public sealed record FloatTensor(float[] Values, long[] Shape)
{
    public static FloatTensor Filled(Func<int, float> valueAt, params long[] shape)
    {
        long count = shape.Aggregate(1L, (product, dim) => product * dim);
        return new FloatTensor(Enumerable.Range(0, (int)count).Select(valueAt).ToArray(), shape);
    }

    public static FloatTensor Random(int seed, params long[] shape)
    {
        var random = new Random(seed);
        return Filled(_ => (float)((random.NextDouble() * 2) - 1), shape);
    }
}
