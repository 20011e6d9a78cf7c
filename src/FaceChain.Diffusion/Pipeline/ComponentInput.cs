namespace FaceChain.Diffusion.Pipeline;

/// <summary>One input for a component call: float or int data in its logical shape.</summary>
public sealed record ComponentInput(string Name, Memory<float> Floats, Memory<int> Ints, long[] Shape)
{
    public static ComponentInput Of(string name, Memory<float> data, params long[] shape) => new(name, data, Memory<int>.Empty, shape);

    public static ComponentInput Of(string name, Memory<int> data, params long[] shape) => new(name, Memory<float>.Empty, data, shape);
}
