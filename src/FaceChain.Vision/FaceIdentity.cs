namespace FaceChain.Vision;

/// <summary>L2-normalised 128-float face ID embedding.</summary>
public sealed class FaceIdentity
{
    public FaceIdentity(float[] vector)
    {
        double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (norm <= 0 || double.IsNaN(norm))
        {
            throw new ArgumentException("Embedding has zero or invalid norm.", nameof(vector));
        }

        Vector = Array.ConvertAll(vector, v => (float)(v / norm));
    }

    public IReadOnlyList<float> Vector { get; }

    public double Cosine(FaceIdentity other)
    {
        double sum = 0;
        for (int i = 0; i < Vector.Count; i++)
        {
            sum += Vector[i] * other.Vector[i];
        }

        return sum;
    }
}
