// The print button of the invitation page.
document.getElementById("print-invitation")?.addEventListener("click", () => window.print());
