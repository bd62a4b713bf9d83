// twin of examples/python/s003_02_greenlet_switch.py
package jasyncio.examples;

import static jasyncio.examples.Py.print;

import jasyncio.iter.Greenlet;

/**
 * greenlet: {@code gr.switch()} is {@link Greenlet#switchTo()}. No event loop is involved. When
 * func2 ends, control goes to its parent (the main greenlet), so func1 never resumes after its
 * last switch: the output is 1 3 2 4.
 */
public final class S003_02GreenletSwitch {
    static Greenlet gr1;
    static Greenlet gr2;

    static void func1() {
        print(1);        // 第1步：输出1
        gr2.switchTo();  // 第3步：切换func2函数
        print(2);        // 第6步：输出2
        gr2.switchTo();  // 第7步：切换func2函数，从上一次执行的位置继续向后执行
    }

    static void func2() {
        print(3);        // 第4步：输出1
        gr1.switchTo();  // 第5步：切换func1函数，从上一次执行的位置继续向后执行
        print(4);        // 第8步：输出2
    }

    public static void main(String[] args) {
        gr1 = new Greenlet(S003_02GreenletSwitch::func1);
        gr2 = new Greenlet(S003_02GreenletSwitch::func2);

        gr1.switchTo();  // 第0步 去执行func1函数
    }
}
