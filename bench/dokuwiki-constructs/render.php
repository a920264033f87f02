<?php
// DokuWiki's own XHTML of a page text: DOKUWIKI=/path/to/dokuwiki/ php render.php ID < text
if (!defined('DOKU_INC')) define('DOKU_INC', rtrim(getenv('DOKUWIKI') ?: '/tmp/dwroot', '/') . '/');
define('NOSESSION', 1);
require_once DOKU_INC . 'inc/init.php';
global $ID, $INFO;
$ID = $argv[1] ?? 'wiki:syntax';
$INFO = ['id' => $ID];
$text = stream_get_contents(STDIN);
$info = [];
echo p_render('xhtml', p_get_instructions($text), $info);
