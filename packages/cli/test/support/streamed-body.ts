/**
 * Test support: a streamed response read to its end, with when its first bytes arrived, for the
 * tests that prove an answer streams (the first read happens before the app wrote its last part).
 */
export async function readStreamed(res: Response): Promise<{ text: string; firstReadAt: number }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let firstReadAt = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstReadAt && value.length > 0) firstReadAt = Date.now();
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), firstReadAt };
}
