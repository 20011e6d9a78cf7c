namespace FaceChain.Diffusion.ModelSets;

/// <summary>The component keys of modelset.json.</summary>
public static class ComponentNames
{
    public const string TextEncoder = "text_encoder";
    public const string FaceEncoder = "face_encoder";
    public const string UNet = "unet";
    public const string VaeDecoder = "vae_decoder";
    public const string VaeEncoder = "vae_encoder";
    public const string ControlNet = "controlnet";
}
