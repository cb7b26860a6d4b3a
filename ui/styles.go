package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the interface draws with. It is built by
// [NewStyles] from the terminal's background, so that nothing else names a
// colour.
type Styles struct {
	Dark bool
	Mono bool // the terminal shows no colour (NO_COLOR, or a terminal without): see SetMono

	App        lipgloss.Style
	Title      lipgloss.Style // the top bar
	TitleAside lipgloss.Style // counts in the top bar
	Pane       lipgloss.Style // a bordered pane
	PaneFocus  lipgloss.Style // the pane that has the keyboard
	Heading    lipgloss.Style
	Label      lipgloss.Style
	Value      lipgloss.Style
	Secret     lipgloss.Style // a masked or revealed secret
	Muted      lipgloss.Style
	Selected   lipgloss.Style // the selected row of a list
	Cursor     lipgloss.Style // the selected field of the detail
	Match      lipgloss.Style // the characters a filter matched
	Tag        lipgloss.Style
	Due        lipgloss.Style // something that needs attention
	OK         lipgloss.Style
	Warn       lipgloss.Style
	Error      lipgloss.Style
	Digit      lipgloss.Style // a digit in large type
	Symbol     lipgloss.Style // a symbol in large type
	Status     lipgloss.Style
	Dialog     lipgloss.Style
	Input      lipgloss.Style // an input's box
	InputFocus lipgloss.Style

	Help      help.Styles
	TextInput textinput.Styles
	TextArea  textarea.Styles
}

// SetMono makes the styles fit a terminal that shows no colour, where
// Bubble Tea drops every colour: the selected row of a list, marked by its
// background, is drawn in reverse instead, or only its bold would tell it
// from the filter's matches.
func (s *Styles) SetMono(mono bool) {
	s.Mono = mono
	s.Selected = s.Selected.Reverse(mono)
}

// NewStyles returns the styles for a dark or a light terminal background.
func NewStyles(dark bool) *Styles {
	ld := lipgloss.LightDark(dark)
	var (
		fg      = ld(lipgloss.Color("#1f2328"), lipgloss.Color("#e6e6e6"))
		muted   = ld(lipgloss.Color("#6e7781"), lipgloss.Color("#8b949e"))
		accent  = ld(lipgloss.Color("#5a3fc0"), lipgloss.Color("#b9a6ff"))
		accentB = ld(lipgloss.Color("#ece6ff"), lipgloss.Color("#3b2f6b"))
		border  = ld(lipgloss.Color("#d0d7de"), lipgloss.Color("#3d444d"))
		match   = ld(lipgloss.Color("#9a6700"), lipgloss.Color("#f2cc60"))
		green   = ld(lipgloss.Color("#1a7f37"), lipgloss.Color("#56d364"))
		amber   = ld(lipgloss.Color("#9a6700"), lipgloss.Color("#e3b341"))
		red     = ld(lipgloss.Color("#cf222e"), lipgloss.Color("#ff7b72"))
		tagBg   = ld(lipgloss.Color("#ddf4ff"), lipgloss.Color("#1f3a5f"))
		tagFg   = ld(lipgloss.Color("#0969da"), lipgloss.Color("#a5d6ff"))
	)
	s := &Styles{Dark: dark}
	s.App = lipgloss.NewStyle().Foreground(fg)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.TitleAside = lipgloss.NewStyle().Foreground(muted)
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	s.PaneFocus = s.Pane.BorderForeground(accent)
	s.Heading = lipgloss.NewStyle().Bold(true).Foreground(fg)
	s.Label = lipgloss.NewStyle().Foreground(muted)
	s.Value = lipgloss.NewStyle().Foreground(fg)
	s.Secret = lipgloss.NewStyle().Foreground(accent)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Selected = lipgloss.NewStyle().Background(accentB).Foreground(fg).Bold(true)
	s.Cursor = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Match = lipgloss.NewStyle().Foreground(match).Underline(true).Bold(true)
	s.Tag = lipgloss.NewStyle().Background(tagBg).Foreground(tagFg).Padding(0, 1)
	s.Due = lipgloss.NewStyle().Foreground(amber).Bold(true)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Warn = lipgloss.NewStyle().Foreground(amber)
	s.Error = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.Digit = lipgloss.NewStyle().Foreground(tagFg).Bold(true)
	s.Symbol = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.Status = lipgloss.NewStyle().Foreground(accent)
	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(1, 2)
	s.Input = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(border).PaddingLeft(1)
	s.InputFocus = s.Input.BorderForeground(accent)

	s.Help = help.DefaultStyles(dark)
	s.TextInput = textinput.DefaultStyles(dark)
	s.TextInput.Cursor.Blink = false
	s.TextArea = textarea.DefaultStyles(dark)
	s.TextArea.Cursor.Blink = false
	return s
}
