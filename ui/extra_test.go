package ui

import (
	"fmt"
	"image/color"
)

func fmtType(v any) string { return fmt.Sprintf("%T", v) }

// lightColor is a white terminal background.
type lightColor struct{}

func (lightColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

var _ color.Color = lightColor{}
