using System.ComponentModel.DataAnnotations;

namespace Gateway.Admin.Ui.Pages;

/// <summary>What the sign-in form posts.</summary>
internal sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your user name.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }

    /// <summary>Where to go after signing in: a page of the admin site, never another site.</summary>
    public string? ReturnUrl { get; set; }
}
